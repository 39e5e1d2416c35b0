package dev.beluga.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.beluga.api.errors.StatusException;

/**
 * Parsing of untrusted bytes against a message type. client-java-proto's generated classes carry parsing
 * code from before protobuf 3.21.7, which protobuf-java flags as open to crafted input
 * (GHSA-h4h5-3hr4-j3g2) and warns about on every use, so only their descriptors are used and the
 * runtime's DynamicMessage does the parsing.
 */
final class DynamicParsing {
    private DynamicParsing() {}

    /** {@code what} names the expected content in the 400 a malformed body gets. */
    static Message parse(Descriptor type, ByteString bytes, String what) {
        try {
            return DynamicMessage.parseFrom(type, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("protobuf body is not a valid " + what + ": " + e.getMessage());
        }
    }
}
