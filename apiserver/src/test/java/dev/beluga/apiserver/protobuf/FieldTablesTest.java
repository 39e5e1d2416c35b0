package dev.beluga.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Coordination;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The hand-written field tables name fields that exist, so a typo cannot silently drop a value. */
class FieldTablesTest {
    private static final List<FileDescriptor> FILES = List.of(Meta.getDescriptor(), V1.getDescriptor(),
            V1Apps.getDescriptor(), V1Batch.getDescriptor(), V1Coordination.getDescriptor());

    @Test
    void everyPointerFieldExists() {
        assertThat(missing(GoPointerFields.qualifiedNames())).isEmpty();
    }

    @Test
    void everyInlinedFieldExistsAndIsAMessage() {
        assertThat(missing(InlinedFields.qualifiedNames())).isEmpty();
        assertThat(InlinedFields.qualifiedNames()).allSatisfy(name -> assertThat(message(name)
                .findFieldByName(name.substring(name.lastIndexOf('.') + 1)).getMessageType()).isNotNull());
    }

    private static Set<String> missing(Set<String> qualifiedNames) {
        return qualifiedNames.stream()
                .filter(name -> message(name) == null
                        || message(name).findFieldByName(name.substring(name.lastIndexOf('.') + 1)) == null)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Descriptor message(String qualifiedField) {
        String messageName = qualifiedField.substring(0, qualifiedField.lastIndexOf('.'));
        return FILES.stream()
                .flatMap(file -> file.getMessageTypes().stream())
                .filter(type -> type.getFullName().equals(messageName))
                .findFirst().orElse(null);
    }
}
