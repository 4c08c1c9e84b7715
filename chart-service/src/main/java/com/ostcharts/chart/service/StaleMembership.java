package com.ostcharts.chart.service;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupResult;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * After a crash, a static member's old membership outlives the process: restarted within its session, it rejoins as
 * the same member, takes back the same tasks without a rebalance and, under exactly-once (no checkpoint survives
 * processing), restores all their state before it processes again, while the standbys that hold that state stay idle.
 * Removing the old membership before Streams starts forces the rebalance instead: the instances holding standbys take
 * the tasks at once, and this one warms up and takes them back at a later probing rebalance. A clean stop has already
 * left the group ({@code leave-group-on-close}), so then there is nothing to remove.
 */
final class StaleMembership {

    private static final Logger log = LoggerFactory.getLogger(StaleMembership.class);

    private StaleMembership() {
    }

    /**
     * Removes the members {@code instanceId-1} to {@code instanceId-threads} (Streams' ids for its stream threads) from
     * {@code group}. Never fails start-up: a broker that cannot be asked within {@code timeout} leaves things as before.
     */
    static void remove(Map<String, Object> adminConfig, String group, String instanceId, int threads, Duration timeout) {
        List<MemberToRemove> members = IntStream.rangeClosed(1, threads).mapToObj(i -> new MemberToRemove(instanceId + "-" + i)).toList();
        try (Admin admin = Admin.create(adminConfig)) {
            RemoveMembersFromConsumerGroupOptions options = new RemoveMembersFromConsumerGroupOptions(members);
            options.reason("restarted after an unclean stop: hand the tasks to the standbys");
            RemoveMembersFromConsumerGroupResult result = admin.removeMembersFromConsumerGroup(group, options);
            int removed = 0;
            for (MemberToRemove member : members) {
                try {
                    result.memberResult(member).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    removed++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownMemberIdException || e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
            if (removed > 0) {
                log.info("Removed {} membership(s) of {} left by an unclean stop: its tasks go to the standbys now", removed, instanceId);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not check for a membership of {} left by an unclean stop ({}); starting as before", instanceId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
