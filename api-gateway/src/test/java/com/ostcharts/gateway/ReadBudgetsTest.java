package com.ostcharts.gateway;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The read budget: a token bucket kept as GCRA, where a 304 costs a share of a full answer, in a bounded map. */
class ReadBudgetsTest {

    private final FakeTicker clock = new FakeTicker();

    @Test
    void aFullBucketGivesQuotaFullAnswersThenRefusesUntilItRefills() {
        ReadBudgets budgets = new ReadBudgets(config(10, 1, 0.25, 1000), clock);
        AtomicLong budget = budgets.of("client");
        for (int i = 0; i < 10; i++) {
            assertThat(budgets.admit(budget)).as("answer %d", i + 1).isZero();
            budgets.chargeRest(budget);
        }
        long wait = budgets.admit(budget);
        assertThat(wait).as("the 11th waits a quarter of a tenth of a second").isEqualTo(Duration.ofMillis(25).toNanos());
        assertThat(budgets.remaining(budget)).isZero();

        clock.advance(Duration.ofNanos(wait));
        assertThat(budgets.admit(budget)).isZero();
    }

    @Test
    void aNotModifiedAnswerCostsItsShareSoAPollerWithAnEtagGetsFourTimesAsMany() {
        ReadBudgets budgets = new ReadBudgets(config(10, 1, 0.25, 1000), clock);
        AtomicLong budget = budgets.of("poller");
        int answered = 0;
        while (budgets.admit(budget) == 0) {
            answered++; // each a 304: nothing more to charge
        }
        assertThat(answered).isEqualTo(40);
    }

    @Test
    void theRefillIsEvenOverTheWindowNotAllAtItsEnd() {
        ReadBudgets budgets = new ReadBudgets(config(100, 10, 1.0, 1000), clock);
        AtomicLong budget = budgets.of("client");
        while (budgets.admit(budget) == 0) {
            budgets.chargeRest(budget);
        }
        clock.advance(Duration.ofSeconds(1)); // a tenth of the window: ten answers
        assertThat(budgets.remaining(budget)).isEqualTo(10);
        assertThat(budgets.secondsUntilFull(budget)).isEqualTo(9);
    }

    @Test
    void anAnswerKnownTooLateToBeA304OverdrawsTheBucketAndTheNextRequestsWait() {
        ReadBudgets budgets = new ReadBudgets(config(4, 1, 0.25, 1000), clock);
        AtomicLong budget = budgets.of("client");
        // five requests in flight at once, each admitted on a 304's share, all answered 200
        for (int i = 0; i < 5; i++) {
            assertThat(budgets.admit(budget)).isZero();
        }
        for (int i = 0; i < 5; i++) {
            budgets.chargeRest(budget);
        }
        // 5 x 250 ms used, the next asks 62.5 ms more: 312.5 ms past the 1 s window
        assertThat(budgets.admit(budget)).as("overdrawn by a full answer and a quarter").isEqualTo(312_500_000L);
    }

    @Test
    void clientsHaveBudgetsOfTheirOwn() {
        ReadBudgets budgets = new ReadBudgets(config(1, 1, 1.0, 1000), clock);
        AtomicLong first = budgets.of("first");
        assertThat(budgets.admit(first)).isZero();
        budgets.chargeRest(first);
        assertThat(budgets.admit(first)).isPositive();
        assertThat(budgets.admit(budgets.of("second"))).isZero();
        assertThat(budgets.of("first")).isSameAs(first);
    }

    @Test
    void aFloodOfDistinctClientsNeverTracksMoreThanMaxClients() throws Exception {
        ReadBudgets budgets = new ReadBudgets(config(1000, 1, 0.25, 500), clock);
        for (int i = 0; i < 50_000; i++) {
            byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            AtomicLong budget = budgets.of(ClientKeys.key(InetAddress.getByAddress(address)));
            budgets.admit(budget);
            if (i % 5_000 == 0) {
                assertThat(budgets.tracked()).isLessThanOrEqualTo(500);
            }
        }
        assertThat(budgets.tracked()).isLessThanOrEqualTo(500);
    }

    @Test
    void aClientIdleForTwoWindowsIsForgottenItsBucketBeingFullAgainAnyway() {
        ReadBudgets budgets = new ReadBudgets(config(10, 1, 0.25, 1000), clock);
        budgets.admit(budgets.of("idle"));
        assertThat(budgets.tracked()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2).plusMillis(1));
        assertThat(budgets.tracked()).isZero();
    }

    static RateLimitConfig config(int quota, int windowSeconds, double notModifiedCost, int maxClients) {
        return new RateLimitConfig(true, quota, Duration.ofSeconds(windowSeconds), notModifiedCost, maxClients, 0, 32);
    }
}
