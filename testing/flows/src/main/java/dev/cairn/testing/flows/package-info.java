/**
 * The canonical small flows of Cairn's tests: one of each transition and step setting, each a top-level
 * class so that {@code cairn step NAME} and {@code cairn run NAME} find it by its simple name. All are in
 * project {@code tests}.
 *
 * <table>
 *   <caption>The flows and what each is for</caption>
 *   <tr><th>flow</th><th>shape</th><th>exercises</th></tr>
 *   <tr><td>{@link LinearFlow}</td><td>start, train, end</td><td>a parameter with a default</td></tr>
 *   <tr><td>{@link BranchFlow}</td><td>two arms, a join</td><td>{@code Inputs.from}, merging artifacts</td></tr>
 *   <tr><td>{@link ArmToJoinFlow}</td><td>a branch with an arm straight to the join</td><td>a join whose
 *       parent is also the branching step</td></tr>
 *   <tr><td>{@link BranchInForeachFlow}</td><td>a branch in each task of a foreach</td><td>a join per item,
 *       then a join of the items</td></tr>
 *   <tr><td>{@link ForeachFlow}</td><td>foreach, join</td><td>a width (wide with {@code width=40}), a failing
 *       item, a retry</td></tr>
 *   <tr><td>{@link ChunkedForeachFlow}</td><td>foreach, join</td><td>{@code @Batch(tasksPerChild)}: array children
 *       of several tasks, a task that fails once and one that always fails</td></tr>
 *   <tr><td>{@link GridFlow}</td><td>foreach in a foreach, two joins</td><td>nested task ids, a string
 *       parameter</td></tr>
 *   <tr><td>{@link BoundedFlow}</td><td>three foreaches deep</td><td>{@code @Step(maxItems)}</td></tr>
 *   <tr><td>{@link CountryScoresFlow}</td><td>foreach, join</td><td>typed artifacts, bytes, logs per task: a run
 *       to read back</td></tr>
 *   <tr><td>{@link NumericArtifactsFlow}</td><td>start, end</td><td>a {@code double[]}, a {@code List<Long>} and a
 *       {@code @ColumnTable} record: Arrow artifacts, read by column, by rows and outside Cairn</td></tr>
 *   <tr><td>{@link FlakyFlow}</td><td>start, end</td><td>{@code @Retry}: fails, then succeeds</td></tr>
 *   <tr><td>{@link FailingFlow}</td><td>start, boom, end</td><td>a failed run, stdout and stderr</td></tr>
 *   <tr><td>{@link CaughtFlow}</td><td>start, risky, end</td><td>{@code @Catch}</td></tr>
 *   <tr><td>{@link SlowFlow}</td><td>start, end</td><td>{@code @Timeout}</td></tr>
 *   <tr><td>{@link GpuFlow}</td><td>start, train, end</td><td>{@code @Resources} with a GPU, retries and a
 *       timeout: its own queue and job definition</td></tr>
 * </table>
 *
 * {@link ShippedFlowPackage} builds a jar holding a flow no classpath has, for loading flows from a code package.
 *
 * <p>A flow that tests one module's concern alone (a card's hostile HTML, a process killed half way) stays in
 * that module's tests.
 */
package dev.cairn.testing.flows;
