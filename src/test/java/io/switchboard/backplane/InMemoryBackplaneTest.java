package io.switchboard.backplane;

import io.switchboard.backplane.memory.InMemoryBackplane;

class InMemoryBackplaneTest extends BackplaneContractTest {

    @Override
    protected Backplane create(StreamSettings settings) {
        return new InMemoryBackplane(settings);
    }
}
