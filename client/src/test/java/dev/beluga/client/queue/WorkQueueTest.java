package dev.beluga.client.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final WorkQueue<String> queue = WorkQueue.withDefaultBackoff("test");

    @Test
    void aKeyWaitsOnceHoweverOftenItIsAdded() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.take()).contains("a");
        assertThat(queue.take()).contains("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void aKeyAddedWhileProcessingComesBackAfterDoneNotBefore() throws Exception {
        queue.add("a");
        assertThat(queue.take()).contains("a");
        queue.add("a");
        assertThat(queue.length()).as("not handed to a second worker while held").isZero();
        queue.done("a");
        assertThat(queue.length()).isEqualTo(1);
        assertThat(queue.take()).contains("a");
        queue.done("a");
        assertThat(queue.length()).isZero();
    }

    @Test
    void closingWakesTakersWithEmpty() throws Exception {
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            queue.close();
        });
        assertThat(queue.take()).isEqualTo(Optional.empty());
        closer.join();
        queue.add("late");
        assertThat(queue.length()).isZero();
    }

    @Test
    void addAfterDeliversLater() throws Exception {
        queue.addAfter("x", Duration.ofMillis(20));
        assertThat(queue.take()).contains("x");
    }

    @Test
    void rateLimitedAddsCountFailuresUntilForgotten() throws Exception {
        queue.addRateLimited("k");
        queue.addRateLimited("k");
        assertThat(queue.retries("k")).isEqualTo(2);
        assertThat(queue.take()).contains("k");
        queue.forget("k");
        assertThat(queue.retries("k")).isZero();
        queue.close();
    }
}
