package dev.beluga.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.apiserver.registry.WatchSelection.Seen;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a watcher with selectors sees of a change: pure, on hand-made events. */
class WatchSelectionTest {
    private static final String KEY = "/registry/pods/default/p";

    static byte[] pod(String app, String node) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"labels\":{\"app\":\"" + app + "\"}},"
                + "\"spec\":{" + (node.isEmpty() ? "" : "\"nodeName\":\"" + node + "\"") + "}}").getBytes(StandardCharsets.UTF_8);
    }

    static WatchEvent create(byte[] value) {
        return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(KEY, value, 5, 5), Optional.empty());
    }

    static WatchEvent update(byte[] before, byte[] after) {
        return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(KEY, after, 5, 7), Optional.of(new KeyValue(KEY, before, 5, 6)));
    }

    static WatchEvent delete(byte[] last) {
        return new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(KEY, last, 5, 8), Optional.of(new KeyValue(KEY, last, 5, 7)));
    }

    static WatchSelection labels(String selector) {
        return new WatchSelection(new ListOptions(LabelSelector.parse(selector), FieldSelector.parse("", ResourceRegistry.PODS), 0, Optional.empty(), ""), true);
    }

    static WatchSelection node(String node) {
        return new WatchSelection(new ListOptions(LabelSelector.everything(), FieldSelector.parse("spec.nodeName=" + node, ResourceRegistry.PODS),
                0, Optional.empty(), ""), true);
    }

    @Test
    void everythingMapsStoreEventsOneToOne() {
        WatchSelection all = labels("");
        assertThat(all.seen(create(pod("a", "")))).contains(Seen.ADDED);
        assertThat(all.seen(update(pod("a", ""), pod("b", "")))).contains(Seen.MODIFIED);
        assertThat(all.seen(delete(pod("b", "")))).contains(Seen.DELETED);
    }

    @Test
    void objectsEnteringAndLeavingALabelSelection() {
        WatchSelection web = labels("app=web");
        assertThat(web.seen(create(pod("web", "")))).contains(Seen.ADDED);
        assertThat(web.seen(create(pod("db", "")))).isEmpty();
        assertThat(web.seen(update(pod("db", ""), pod("web", "")))).as("entering").contains(Seen.ADDED);
        assertThat(web.seen(update(pod("web", ""), pod("web", "n1")))).as("inside").contains(Seen.MODIFIED);
        assertThat(web.seen(update(pod("web", ""), pod("db", "")))).as("leaving").contains(Seen.DELETED);
        assertThat(web.seen(update(pod("db", ""), pod("db", "n1")))).as("outside").isEmpty();
        assertThat(web.seen(delete(pod("web", "")))).contains(Seen.DELETED);
        assertThat(web.seen(delete(pod("db", "")))).isEmpty();
    }

    @Test
    void nodeWatchersSeeOnlyTheirNodesPods() {
        WatchEvent bind = update(pod("web", ""), pod("web", "n1"));
        assertThat(node("n1").seen(bind)).as("bound to it").contains(Seen.ADDED);
        assertThat(node("n2").seen(bind)).as("bound elsewhere").isEmpty();
        assertThat(node("n1").seen(update(pod("web", "n1"), pod("other", "n1")))).contains(Seen.MODIFIED);
        assertThat(node("n1").seen(delete(pod("web", "n1")))).contains(Seen.DELETED);
        assertThat(node("n2").seen(delete(pod("web", "n1")))).isEmpty();
        // Unscheduled pods: the scheduler's selection spec.nodeName= (empty).
        assertThat(node("").seen(create(pod("web", "")))).contains(Seen.ADDED);
        assertThat(node("").seen(bind)).as("leaving the unscheduled set").contains(Seen.DELETED);
    }
}
