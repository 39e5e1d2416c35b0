package dev.beluga.client.leader;

/** What to run while leading. Both are called on the elector's thread, one at a time, alternately. */
public interface LeaderCallbacks {
    void startedLeading();

    void stoppedLeading();
}
