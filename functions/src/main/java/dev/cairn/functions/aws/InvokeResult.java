package dev.cairn.functions.aws;

/**
 * The endpoint's answer.
 *
 * @param invokedVariant the variant that answered (header X-Amzn-Invoked-Production-Variant), null when absent
 */
public record InvokeResult(int status, String contentType, String invokedVariant, byte[] body) {

    /** True for a 2xx status. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
