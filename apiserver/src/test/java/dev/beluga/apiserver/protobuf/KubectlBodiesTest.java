package dev.beluga.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Bodies captured from kubectl v1.32.4 (its typed clients send protobuf), decoded into the JSON kubectl
 * itself prints for the same command with {@code --dry-run=client -o json}.
 */
class KubectlBodiesTest {

    @Test
    void createNamespace() {
        assertDecodes("6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200",
                """
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x","creationTimestamp":null},
                 "spec":{},"status":{}}""");
    }

    @Test
    void createConfigMapKeepsEmptyValues() {
        assertDecodes("6b3873000a0f0a0276311209436f6e6669674d617012280a130a02636d12001a017822002a0032003800420012060a0161120131"
                        + "12090a05656d70747912001a002200",
                """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"x","creationTimestamp":null},
                 "data":{"a":"1","empty":""}}""");
    }

    @Test
    void createSecretGenericHasBase64Data() {
        assertDecodes("6b3873000a0c0a027631120653656372657412230a120a017312001a017822002a00320038004200120b0a017012067365637265"
                        + "741a001a002200",
                """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"x","creationTimestamp":null},
                 "data":{"p":"c2VjcmV0"}}""");
    }

    @Test
    void createServiceAccount() {
        assertDecodes("6b3873000a140a027631120e536572766963654163636f756e7412150a130a02736112001a017822002a003200380042001a002200",
                """
                {"apiVersion":"v1","kind":"ServiceAccount",
                 "metadata":{"name":"sa","namespace":"x","creationTimestamp":null}}""");
    }

    /** {@code kubectl create deployment web -n x --image=nginx --replicas=0 --port=80}. */
    @Test
    void createDeploymentKeepsZeroReplicas() {
        assertDecodes("6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b9010a200a0377656212001a017822002a003200380042005a"
                        + "0a0a0361707012037765621286010800120c0a0a0a0361707012037765621a6c0a1c0a0012001a0022002a00320038004200"
                        + "5a0a0a036170701203776562124c122e0a056e67696e7812056e67696e782a00320a0a001000185022002a0042006a0072008001"
                        + "00880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c08001000"
                        + "18002000280038001a002200",
                """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"x","creationTimestamp":null,"labels":{"app":"web"}},
                 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],"resources":{}}]}},
                   "strategy":{}},
                 "status":{}}""");
    }

    @Test
    void fieldsComeInUpstreamOrder() throws Exception {
        JsonNode decoded = ProtobufBodies.decode(HexFormat.of().parseHex(
                "6b3873000a0f0a0276311209436f6e6669674d617012280a130a02636d12001a017822002a0032003800420012060a0161120131"
                        + "12090a05656d70747912001a002200"));

        assertThat(Json.MAPPER.writeValueAsString(decoded)).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"x\","
                        + "\"creationTimestamp\":null},\"data\":{\"a\":\"1\",\"empty\":\"\"}}");
    }

    private static void assertDecodes(String hex, String expectedJson) {
        try {
            assertThat(ProtobufBodies.decode(HexFormat.of().parseHex(hex))).isEqualTo(Json.MAPPER.readTree(expectedJson));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
