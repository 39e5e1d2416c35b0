package dev.beluga.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageService;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Image pulls as upstream's image manager does them: ErrImagePull, then ImagePullBackOff until the back-off passes. */
class ImagePullerTest {
    private Instant now = Instant.parse("2026-11-23T00:00:00Z");
    private int pulls;
    private final List<String> events = new ArrayList<>();

    private final ImageService offline = new ImageService() {
        @Override public String pullImage(ImageSpec image, SandboxConfig sandbox) {
            pulls++;
            throw new ContainerRuntimeException(ContainerRuntimeException.Code.IMAGE_PULL_FAILED, "no registry reachable");
        }
        @Override public Optional<ImageInfo> imageStatus(ImageSpec image) { return Optional.empty(); }
        @Override public List<ImageInfo> listImages() { return List.of(); }
    };

    private final EventRecorder recorder = new EventRecorder() {
        @Override public void normal(HasMetadata involved, String reason, String message) { events.add(reason); }
        @Override public void warning(HasMetadata involved, String reason, String message) { events.add(reason); }
    };

    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u1").endMetadata().build();
    private static final Container C = new ContainerBuilder().withName("c").withImage("example.local/app:1.0").build();

    private String reasonOf(ImagePuller.Result r) {
        return r instanceof ImagePuller.Missing m ? m.why().reason() : "Present";
    }

    @Test
    void aFailedPullBacksOffTenSecondsThenDoubles() {
        ImagePuller puller = new ImagePuller(offline, recorder, clock);
        assertThat(reasonOf(puller.ensure(POD, C, null))).isEqualTo("ErrImagePull");
        assertThat(pulls).isEqualTo(1);

        now = now.plusSeconds(5);
        ImagePuller.Result waiting = puller.ensure(POD, C, null);
        assertThat(reasonOf(waiting)).isEqualTo("ImagePullBackOff");
        assertThat(((ImagePuller.Missing) waiting).why().message()).isEqualTo("Back-off pulling image \"example.local/app:1.0\"");
        assertThat(pulls).as("no pull while backing off").isEqualTo(1);
        assertThat(events).contains("BackOff");

        now = now.plusSeconds(6);
        assertThat(reasonOf(puller.ensure(POD, C, null))).isEqualTo("ErrImagePull");
        assertThat(pulls).isEqualTo(2);
        now = now.plusSeconds(15);
        assertThat(reasonOf(puller.ensure(POD, C, null))).as("20 s after the second failure").isEqualTo("ImagePullBackOff");
        now = now.plusSeconds(6);
        assertThat(reasonOf(puller.ensure(POD, C, null))).isEqualTo("ErrImagePull");
        assertThat(pulls).isEqualTo(3);
    }

    @Test
    void theDelayStopsAtFiveMinutesAndStartsOverAfterAQuietSpell() {
        ImagePuller.BackOff b = null;
        for (int i = 0; i < 10; i++) b = ImagePuller.nextBackOff(b, now);
        assertThat(b.delay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ImagePuller.nextBackOff(b, now.plus(Duration.ofMinutes(11))).delay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void neverMeansErrImageNeverPullWithoutAPull() {
        ImagePuller puller = new ImagePuller(offline, recorder, clock);
        Container never = new ContainerBuilder(C).withImagePullPolicy("Never").build();
        assertThat(reasonOf(puller.ensure(POD, never, null))).isEqualTo("ErrImageNeverPull");
        assertThat(pulls).isZero();
    }
}
