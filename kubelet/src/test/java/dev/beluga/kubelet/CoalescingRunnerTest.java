package dev.beluga.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingRunnerTest {
    @Test
    void triggersDuringARunMakeExactlyOneMoreRun() throws InterruptedException {
        CountDownLatch inFirstRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CoalescingRunner runner = new CoalescingRunner("test", () -> {
            int n = runs.incrementAndGet();
            if (n == 1) {
                inFirstRun.countDown();
                await(release);
            } else {
                secondDone.countDown();
            }
            return true;
        });
        runner.trigger();
        assertThat(inFirstRun.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) runner.trigger();
        release.countDown();
        assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
        // A later trigger runs again: the runner went idle after the second run.
        CountDownLatch third = new CountDownLatch(1);
        CoalescingRunner counting = new CoalescingRunner("test-2", () -> {
            third.countDown();
            return true;
        });
        counting.trigger();
        assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        runner.close();
        int before = runs.get();
        runner.trigger();
        assertThat(runs.get()).isEqualTo(before);
        assertThat(before).isEqualTo(2);
    }

    @Test
    void aRunThatSaysNoMoreClosesTheRunner() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        CoalescingRunner runner = new CoalescingRunner("test", () -> {
            ran.countDown();
            return false;
        });
        runner.trigger();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!runner.closed() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(runner.closed()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
