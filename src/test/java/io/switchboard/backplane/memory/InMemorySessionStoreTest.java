package io.switchboard.backplane.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.switchboard.backplane.SessionStore;
import io.switchboard.backplane.SessionStoreContractTest;

class InMemorySessionStoreTest extends SessionStoreContractTest {

    @Override
    protected SessionStore create() {
        return new InMemorySessionStore();
    }

    @Test
    void expiredRecordsAreSweptAsWritesGoOn() {
        AtomicLong now = new AtomicLong();
        InMemorySessionStore store = new InMemorySessionStore(now::get);
        for (int i = 0; i < 100; i++) {
            store.put("old-" + i, new byte[] {1}, Duration.ofSeconds(1));
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        for (int i = 0; i < InMemorySessionStore.SWEEP_EVERY - 100; i++) {
            store.put("new-" + i, new byte[] {2}, Duration.ofSeconds(1));
        }

        assertThat(store.size()).isEqualTo(InMemorySessionStore.SWEEP_EVERY - 100);
        assertThat(store.take("old-1").await().indefinitely()).isNull();
        assertThat(store.take("new-1").await().indefinitely()).containsExactly(2);
    }
}
