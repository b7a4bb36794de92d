package dev.cairn.datastore.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsEnvironmentTest {
    @Test
    void regionComesFromTheEnvironmentFirst() {
        assertEquals(
                Region.EU_WEST_1,
                AwsEnvironment.region(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2")));
        assertEquals(Region.US_WEST_2, AwsEnvironment.region(Map.of("AWS_DEFAULT_REGION", "us-west-2")));
    }

    @Test
    void withoutARegionVariableTheSdksRegionChainDecidesNotAGuess() {
        String saved = System.getProperty("aws.region");
        System.setProperty("aws.region", "ap-southeast-2"); // the first link of the SDK's chain
        try {
            assertEquals(Region.AP_SOUTHEAST_2, AwsEnvironment.region(Map.of()));
        } finally {
            if (saved == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", saved);
            }
        }
    }
}
