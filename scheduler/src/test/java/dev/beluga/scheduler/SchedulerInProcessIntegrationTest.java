package dev.beluga.scheduler;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;

/** {@link SchedulerScenarios} with the scheduler on the in-process client, as the server runs it. */
class SchedulerInProcessIntegrationTest extends SchedulerScenarios {
    @Override
    Client connect(LocalApiServer api) {
        return api.client();
    }
}
