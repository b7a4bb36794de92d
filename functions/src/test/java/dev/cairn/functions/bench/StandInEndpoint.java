package dev.cairn.functions.bench;

import dev.cairn.functions.aws.LocalEndpoint;

/**
 * bench/router's stand-in for AWS: one local HTTP server answering SageMaker's InvokeEndpoint and Firehose's
 * PutRecordBatch. Prints its port, then serves until stdin closes, so it runs outside the timed JVMs.
 */
public final class StandInEndpoint {

    private StandInEndpoint() {}

    public static void main(String[] args) throws Exception {
        try (LocalEndpoint server = new LocalEndpoint(s -> s.header("X-Amz-Target") != null
                ? LocalEndpoint.Answer.json(200, "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"r\"}]}")
                : LocalEndpoint.sageMakerAnswer(s))) {
            System.out.println("port=" + server.uri().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our stdin
            }
        }
    }
}
