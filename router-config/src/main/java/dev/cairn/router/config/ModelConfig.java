package dev.cairn.router.config;

import java.util.List;

/**
 * How one model is served.
 *
 * @param endpoint the SageMaker endpoint name
 * @param variants the production variants the router may target
 * @param defaultVariant the variant for units outside the experiment, or every request without one
 * @param experiment the running experiment, null for none
 * @param previous the experiment's earlier config, null for none: recorded so a report can flag the change
 * @param shadow the shadow variant, null for none
 */
public record ModelConfig(
        String endpoint,
        List<String> variants,
        String defaultVariant,
        ExperimentConfig experiment,
        ExperimentConfig previous,
        ShadowConfig shadow) {

    public ModelConfig {
        variants = List.copyOf(variants);
    }
}
