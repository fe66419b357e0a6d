package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit catches broken engines: the contract run against {@link FaultyEngine} passes without
 * a fault and fails the tests named here with each fault.
 */
class StorageEngineContractTest {

    @Test
    void aCorrectEnginePassesEveryTest() {
        Events tests = run(Correct.class);
        assertEquals(Set.of(), failed(tests), () -> failures(tests));
        assertTrue(tests.succeeded().count() >= 25, "the contract ran: " + tests.succeeded().count() + " passed");
    }

    @Test
    void racyComputeIsCaught() {
        assertCaughtBy(RacyCompute.class, "computeIsAtomicUnderConcurrency");
    }

    @Test
    void signedKeyOrderIsCaught() {
        assertCaughtBy(SignedOrder.class, "everyByteValueRoundTripsInKeysAndValues", "keysAreOrderedAsUnsignedBytes",
                "scanVisitsEveryKeyInOrder", "scanAndCountHonourBounds");
    }

    @Test
    void tornBatchIsCaught() {
        assertCaughtBy(TornBatch.class, "batchesAreAtomic", "batchRangeDeletesAreAtomic");
    }

    @Test
    void batchSplitAtItsRangeDeletesIsCaught() {
        assertCaughtBy(BatchSplitAtRanges.class, "batchRangeDeletesAreAtomic");
    }

    @Test
    void rangeDeletesOutOfOrderAreCaught() {
        assertCaughtBy(RangesLast.class, "batchRangeDeleteAppliesInOrder", "batchRangeDeletesAreAtomic");
    }

    @Test
    void inclusiveScanEndIsCaught() {
        assertCaughtBy(InclusiveScanEnd.class, "keysAreOrderedAsUnsignedBytes", "scanAndCountHonourBounds",
                "deleteRangeRemovesExactlyTheRangeAndCountsIt");
    }

    @Test
    void inclusiveDescendingScanEndIsCaught() {
        assertCaughtBy(InclusiveDescendingScanEnd.class, "keysScanDescendingInReverseUnsignedOrder",
                "scanDescendingHonoursBounds", "scanDescendingSeesWhatScanSees");
    }

    @Test
    void signedDescendingOrderIsCaught() {
        assertCaughtBy(SignedDescendingOrder.class, "scanDescendingVisitsEveryKeyInReverseOrder",
                "keysScanDescendingInReverseUnsignedOrder", "scanDescendingHonoursBounds",
                "scanDescendingStopsWhenTheVisitorSaysSo", "scanDescendingSeesWhatScanSees");
    }

    @Test
    void descendingScanIgnoringStopIsCaught() {
        assertCaughtBy(DescendingScanIgnoresStop.class, "scanDescendingStopsWhenTheVisitorSaysSo");
    }

    /** Only writes during the scan show it: the other descending tests pass. */
    @Test
    void descendingPagesByOffsetAreCaught() {
        Events events = assertCaughtBy(DescendingPagesByOffset.class, "scanDescendingWhileAnotherThreadWrites");
        assertTrue(passed(events).containsAll(Set.of("scanDescendingVisitsEveryKeyInReverseOrder",
                "scanDescendingHonoursBounds", "scanDescendingStopsWhenTheVisitorSaysSo", "scanDescendingSeesWhatScanSees")));
    }

    @Test
    void usableAfterCloseIsCaught() {
        assertCaughtBy(UsableAfterClose.class, "everyOperationFailsAfterClose");
    }

    @Test
    void forgettingDataOnReopenIsCaught() {
        assertCaughtBy(Forgetful.class, "closeAndReopenKeepsEverything", "batchRangeDeletesSurviveReopen");
    }

    /**
     * The tests named fail, and at least the basic ones still pass: the failures are about the
     * fault. Returns the run's events.
     */
    private static Events assertCaughtBy(Class<?> contract, String... tests) {
        Events events = run(contract);
        Set<String> failed = failed(events);
        assertTrue(failed.containsAll(Set.of(tests)),
                () -> "expected " + Set.of(tests) + " among the failures, got:" + failures(events));
        assertTrue(passed(events).containsAll(Set.of("putThenGet", "getOfAbsentKeyIsNull")), "basic tests pass");
        return events;
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SelfTestOnly.PARAMETER, "true")
                .selectors(selectClass(contract))
                .execute()
                .testEvents();
    }

    private static Set<String> failed(Events events) {
        return methodNames(events.failed());
    }

    /** Each failure's test and first line of its cause, for the assertion messages. */
    private static String failures(Events events) {
        return events.failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?"))
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static Set<String> passed(Events events) {
        return methodNames(events.succeeded());
    }

    private static Set<String> methodNames(Events events) {
        return events.stream()
                .map(Event::getTestDescriptor)
                .map(d -> d.getSource().orElseThrow())
                .map(source -> ((MethodSource) source).getMethodName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Keeps the broken engines' contract runs out of ordinary test runs (an IDE's "run all" too). */
    static final class SelfTestOnly implements ExecutionCondition {
        static final String PARAMETER = "simpleredis.contract.self-test";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by " + StorageEngineContractTest.class.getSimpleName())
                    : ConditionEvaluationResult.disabled("only run by " + StorageEngineContractTest.class.getSimpleName());
        }
    }

    @ExtendWith(SelfTestOnly.class)
    abstract static class FaultyContract extends StorageEngineContract {
        private final FaultyEngine.Fault fault;

        FaultyContract(FaultyEngine.Fault fault) {
            this.fault = fault;
        }

        @Override
        protected StorageEngine open(Path dir, Fsync fsync) {
            return new FaultyEngine(fault);
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }

    static final class Correct extends FaultyContract {
        Correct() {
            super(FaultyEngine.Fault.NONE);
        }
    }

    static final class RacyCompute extends FaultyContract {
        RacyCompute() {
            super(FaultyEngine.Fault.RACY_COMPUTE);
        }
    }

    static final class SignedOrder extends FaultyContract {
        SignedOrder() {
            super(FaultyEngine.Fault.SIGNED_ORDER);
        }
    }

    static final class TornBatch extends FaultyContract {
        TornBatch() {
            super(FaultyEngine.Fault.TORN_BATCH);
        }
    }

    static final class BatchSplitAtRanges extends FaultyContract {
        BatchSplitAtRanges() {
            super(FaultyEngine.Fault.BATCH_SPLIT_AT_RANGES);
        }
    }

    static final class RangesLast extends FaultyContract {
        RangesLast() {
            super(FaultyEngine.Fault.RANGES_LAST);
        }
    }

    static final class InclusiveScanEnd extends FaultyContract {
        InclusiveScanEnd() {
            super(FaultyEngine.Fault.INCLUSIVE_SCAN_END);
        }
    }

    static final class InclusiveDescendingScanEnd extends FaultyContract {
        InclusiveDescendingScanEnd() {
            super(FaultyEngine.Fault.INCLUSIVE_DESCENDING_SCAN_END);
        }
    }

    static final class SignedDescendingOrder extends FaultyContract {
        SignedDescendingOrder() {
            super(FaultyEngine.Fault.SIGNED_DESCENDING_ORDER);
        }
    }

    static final class DescendingScanIgnoresStop extends FaultyContract {
        DescendingScanIgnoresStop() {
            super(FaultyEngine.Fault.DESCENDING_SCAN_IGNORES_STOP);
        }
    }

    static final class DescendingPagesByOffset extends FaultyContract {
        DescendingPagesByOffset() {
            super(FaultyEngine.Fault.DESCENDING_PAGES_BY_OFFSET);
        }
    }

    static final class UsableAfterClose extends FaultyContract {
        UsableAfterClose() {
            super(FaultyEngine.Fault.USABLE_AFTER_CLOSE);
        }
    }

    /** Claims to persist but keeps nothing across close and open. */
    static final class Forgetful extends FaultyContract {
        Forgetful() {
            super(FaultyEngine.Fault.NONE);
        }

        @Override
        protected boolean persistent() {
            return true;
        }
    }
}
