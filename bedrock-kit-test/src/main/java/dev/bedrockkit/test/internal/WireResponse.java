package dev.bedrockkit.test.internal;

import java.util.Map;

/**
 * An HTTP answer the emulator decided on, with its timing.
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body body bytes
 * @param initialDelayMs delay before the first byte
 * @param chunks number of equal chunks to dribble the body in, or 0 to send it at once
 * @param dribbleMs total time over which the chunks are spread (the server sleeps before each)
 * @param errorType error type for the journal, or null
 */
public record WireResponse(
    int status,
    Map<String, String> headers,
    byte[] body,
    long initialDelayMs,
    int chunks,
    int dribbleMs,
    String errorType) {}
