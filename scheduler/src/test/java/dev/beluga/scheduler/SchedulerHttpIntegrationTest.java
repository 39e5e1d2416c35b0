package dev.beluga.scheduler;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;

/** {@link SchedulerScenarios} with the scheduler on the HTTP transport, as a scheduler in another process would run. */
class SchedulerHttpIntegrationTest extends SchedulerScenarios {
    @Override
    Client connect(LocalApiServer api) {
        return new HttpTransport(ClusterConnection.of(api.httpUrl(), api.token()));
    }
}
