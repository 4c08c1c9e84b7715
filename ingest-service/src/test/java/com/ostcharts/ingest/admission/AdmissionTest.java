package com.ostcharts.ingest.admission;

import com.ostcharts.ingest.validation.MeteredInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTest {

    private static final int KIB = 1024;

    @Test
    void refusesTheRequestPastTheLimitOfRequestsInFlightAndAdmitsAgainOnceOneCompletes() {
        Admission admission = new Admission(2, 1024 * KIB);
        Admission.Ticket first = admission.tryAdmit(100);
        Admission.Ticket second = admission.tryAdmit(100);

        assertThat(admission.tryAdmit(100)).isNull();
        first.close();
        assertThat(admission.tryAdmit(100)).isNotNull();
        assertThat(second).isNotNull();
    }

    @Test
    void chargesADeclaredLengthUpFrontAndRefusesWhatTheByteBudgetCannotHold() {
        Admission admission = new Admission(10, 256 * KIB);
        Admission.Ticket big = admission.tryAdmit(200 * KIB);

        assertThat(admission.tryAdmit(100 * KIB)).as("200 + 100 KiB > 256 KiB").isNull();
        assertThat(admission.availableRequests()).as("a refusal keeps no request share").isEqualTo(9);
        assertThat(admission.tryAdmit(56 * KIB)).isNotNull();
        big.close();
        assertThat(admission.availableBytes()).isEqualTo(200 * KIB);
    }

    @Test
    void closingATicketTwiceGivesItsShareBackOnce() {
        Admission admission = new Admission(1, 128 * KIB);
        Admission.Ticket ticket = admission.tryAdmit(10);
        ticket.close();
        ticket.close();

        assertThat(admission.availableRequests()).isEqualTo(1);
        assertThat(admission.availableBytes()).isEqualTo(128 * KIB);
    }

    @Test
    void aBodyOfUnknownLengthPaysAsItIsReadAndIsRefusedWhenTheBudgetRunsOut() throws Exception {
        Admission admission = new Admission(10, 192 * KIB);
        Admission.Ticket other = admission.tryAdmit(64 * KIB); // someone else holds a third of the budget
        Admission.Ticket chunked = admission.tryAdmit(-1);
        assertThat(admission.availableBytes()).isEqualTo(64 * KIB);

        InputStream body = metered(new byte[200 * KIB], chunked);
        assertThatThrownBy(() -> body.readNBytes(200 * KIB)).isInstanceOf(OverloadedException.class);
        assertThat(admission.availableBytes()).as("it took what was left").isZero();

        chunked.close();
        other.close();
        assertThat(admission.availableBytes()).isEqualTo(192 * KIB);
    }

    @Test
    void aBodyWithinTheBudgetIsReadWhole() throws Exception {
        Admission admission = new Admission(10, 1024 * KIB);
        Admission.Ticket chunked = admission.tryAdmit(-1);

        InputStream body = metered(new byte[300 * KIB], chunked);
        assertThat(body.readAllBytes()).hasSize(300 * KIB);
        assertThat(admission.availableBytes()).isEqualTo(1024 * KIB - 320 * KIB); // five 64 KiB steps
    }

    /** As ingest reads a body: the ticket pays for each byte read, or the read is refused. */
    private static InputStream metered(byte[] body, Admission.Ticket ticket) {
        return new MeteredInputStream(new ByteArrayInputStream(body), total -> {
            if (!ticket.cover(total)) {
                throw new OverloadedException(OverloadedException.Bound.BUSY, "full");
            }
        });
    }
}
