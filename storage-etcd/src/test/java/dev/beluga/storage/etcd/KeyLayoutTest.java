package dev.beluga.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.StorageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultPrefixStoresEveryKeyAsGiven() {
        KeyLayout layout = KeyLayout.of("/registry");

        assertThat(s(layout.toEtcd("/registry/pods/default/web"))).isEqualTo("/registry/pods/default/web");
        assertThat(s(layout.toEtcd("/a/x"))).isEqualTo("/a/x");
        assertThat(layout.fromEtcd(b("/registry/pods/default/web"))).isEqualTo("/registry/pods/default/web");
    }

    @Test
    void aPrefixEndingInRegistryPutsEveryKeyBelowWhatComesBeforeIt() {
        KeyLayout layout = KeyLayout.of("/cluster-a/registry");

        assertThat(s(layout.toEtcd("/registry/pods/default/web"))).isEqualTo("/cluster-a/registry/pods/default/web");
        assertThat(s(layout.toEtcd("/a/x"))).isEqualTo("/cluster-a/a/x");
        assertThat(layout.fromEtcd(b("/cluster-a/a/x"))).isEqualTo("/a/x");
        KeyLayout.Range all = layout.range("", "").orElseThrow();
        assertThat(s(all.from())).isEqualTo("/cluster-a/");
        assertThat(s(all.end())).isEqualTo("/cluster-a0");
    }

    @Test
    void anotherPrefixReplacesRegistryAndRefusesOtherKeys() {
        KeyLayout layout = KeyLayout.of("/cluster-b");

        assertThat(s(layout.toEtcd("/registry/pods/default/web"))).isEqualTo("/cluster-b/pods/default/web");
        assertThat(layout.fromEtcd(b("/cluster-b/pods/default/web"))).isEqualTo("/registry/pods/default/web");
        assertThatThrownBy(() -> layout.toEtcd("/a/x")).isInstanceOf(StorageException.class).hasMessageContaining("/a/x");
        assertThatThrownBy(() -> layout.range("/a/", "")).isInstanceOf(StorageException.class);
        KeyLayout.Range pods = layout.range("/registry/pods/", "").orElseThrow();
        assertThat(s(pods.from())).isEqualTo("/cluster-b/pods/");
        assertThat(s(pods.end())).isEqualTo("/cluster-b/pods0");
        // "" and "/reg" contain every key this layout holds.
        assertThat(s(layout.range("", "").orElseThrow().from())).isEqualTo("/cluster-b/");
        assertThat(s(layout.range("/reg", "").orElseThrow().end())).isEqualTo("/cluster-b0");
        assertThat(s(layout.range("/registry", "").orElseThrow().from())).isEqualTo("/cluster-b/");
        assertThat(layout.range("/registryX", "")).isEmpty();
        assertThatThrownBy(() -> layout.toEtcd("/registryX/a")).isInstanceOf(StorageException.class);
    }

    @Test
    void startAfterStartsJustAfterTheKeyAndMayLeaveNothing() {
        KeyLayout layout = KeyLayout.of("/cluster-b");

        KeyLayout.Range page = layout.range("/registry/pods/", "/registry/pods/ns/a").orElseThrow();
        assertThat(page.from()).isEqualTo(b("/cluster-b/pods/ns/a\0"));
        assertThat(s(page.end())).isEqualTo("/cluster-b/pods0");
        // A key before the prefix leaves the range whole; one after it leaves nothing.
        assertThat(s(layout.range("/registry/pods/", "/registry/a").orElseThrow().from())).isEqualTo("/cluster-b/pods/");
        assertThat(layout.range("/registry/pods/", "/registry/z")).isEmpty();
        assertThat(s(layout.range("", "/a").orElseThrow().from())).isEqualTo("/cluster-b/");
        assertThat(layout.range("", "/z")).isEmpty();
    }

    @Test
    void aClustersRangeDoesNotReachAClusterWhosePrefixExtendsItsName() {
        KeyLayout one = KeyLayout.of("/cluster-1/registry");
        byte[] tenth = KeyLayout.of("/cluster-10/registry").toEtcd("/registry/pods/ns/x");

        assertThat(one.range("", "").orElseThrow().contains(tenth)).isFalse();
        assertThat(one.range("", "").orElseThrow().contains(one.toEtcd("/registry/pods/ns/x"))).isTrue();
        assertThat(KeyLayout.of("/cluster-1").range("", "").orElseThrow().contains(KeyLayout.of("/cluster-10").toEtcd("/registry/pods/ns/x"))).isFalse();
        assertThatThrownBy(() -> one.toEtcd("0x")).isInstanceOf(StorageException.class);
    }

    @Test
    void theWholeKeySpaceIsEtcdsOpenRange() {
        KeyLayout.Range all = KeyLayout.of("/registry").range("", "").orElseThrow();

        assertThat(all.from()).containsExactly(0);
        assertThat(all.end()).containsExactly(0);
        assertThat(all.isOpenEnded()).isTrue();
        assertThat(all.from(b("/x\0")).orElseThrow().from()).isEqualTo(b("/x\0"));
    }

    @Test
    void prefixEndSkipsTrailingFfBytes() {
        assertThat(KeyLayout.Range.prefixEnd(new byte[] {'a', (byte) 0xff})).containsExactly('b');
        assertThat(KeyLayout.Range.prefixEnd(new byte[] {(byte) 0xff})).containsExactly(0);
    }
}
