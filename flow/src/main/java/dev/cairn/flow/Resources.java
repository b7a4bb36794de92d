package dev.cairn.flow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What one task of a step needs. Locally it is recorded; in the cloud it picks the Batch job
 * definition and, with {@code gpu > 0} or a {@code queue}, the job queue.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Resources {
    /** vCPUs; default 1. */
    int cpu() default 1;

    /** Memory in MiB; default 4096. */
    int memoryMb() default 4096;

    /** GPUs; default 0. A step with GPUs goes to the GPU queue unless {@link #queue()} is set. */
    int gpu() default 0;

    /** Name of the compute queue; empty picks the CPU or GPU queue from the resources. */
    String queue() default "";
}
