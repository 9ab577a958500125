package io.mm.sinks.day;

import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The committer's hand-off: takes each checkpoint's committables in as they arrive and passes them to the
 * committer chained behind it at the checkpoint barrier (or at the end of input, for bounded jobs without
 * checkpoints), once their staging file is sealed ({@link StagingBarrier}). Before the barrier goes on, so the
 * committer's checkpoint holds them; nothing is held across a checkpoint, so the operator keeps no state.
 */
final class StagingBarrierOperator extends AbstractStreamOperator<CommittableMessage<StagedRange>>
        implements OneInputStreamOperator<CommittableMessage<StagedRange>, CommittableMessage<StagedRange>>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final String dataDir;
    private final long timeoutMillis;
    private transient StagingBarrier barrier;

    StagingBarrierOperator(String dataDir, long timeoutMillis) {
        this.dataDir = dataDir;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        barrier = new StagingBarrier(dataDir, timeoutMillis);
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<StagedRange>> element) {
        barrier.hold(element.getValue());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        release();
    }

    @Override
    public void endInput() throws Exception {
        release();
    }

    private void release() throws Exception {
        barrier.release(m -> output.collect(new StreamRecord<>(m)));
    }
}
