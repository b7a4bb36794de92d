package dev.cairn.flow.internal.graph;

import dev.cairn.flow.Batch;
import dev.cairn.flow.Catch;
import dev.cairn.flow.Flow;
import dev.cairn.flow.FlowSpec;
import dev.cairn.flow.Inputs;
import dev.cairn.flow.Parameter;
import dev.cairn.flow.Resources;
import dev.cairn.flow.Retry;
import dev.cairn.flow.Step;
import dev.cairn.flow.StepError;
import dev.cairn.flow.Timeout;
import dev.cairn.flow.internal.FlowFields;
import dev.cairn.flow.layout.PathName;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a flow class's annotations into a graph; every problem found is reported at once. */
final class FlowClassReader {
    static final int MAX_RETRIES = 9; // AWS Batch allows at most 10 attempts: the first and 9 retries

    private final Class<? extends FlowSpec> flowClass;
    private final String flow;
    private final List<String> problems = new ArrayList<>();

    FlowClassReader(Class<? extends FlowSpec> flowClass) {
        this.flowClass = flowClass;
        this.flow = flowClass.getSimpleName();
    }

    FlowGraph read() {
        Flow annotation = flowClass.getAnnotation(Flow.class);
        String project = annotation == null ? "default" : annotation.project();
        String schedule = annotation == null ? "" : annotation.schedule();
        List<String> startAfter = annotation == null ? List.of() : List.of(annotation.startAfter());
        for (String upstream : startAfter) {
            if (!upstream.matches("[A-Za-z_$][A-Za-z0-9_$]*") || upstream.equals(flow)) {
                problems.add("@Flow(startAfter = \"" + upstream + "\"): name another flow by its simple class name");
            }
        }
        String projectProblem = PathName.PROJECT.problem(project);
        if (projectProblem != null) {
            problems.add("@Flow(project = \"" + project + "\"): " + projectProblem);
        }
        String flowProblem = PathName.FLOW.problem(flow);
        if (flowProblem != null) {
            problems.add("class " + flowClass.getName() + ": the class's simple name names the flow's folder, and "
                    + flowProblem);
        }
        Object instance = instantiate();
        Map<String, ArtifactSpec> artifacts = readArtifacts();
        List<ParameterSpec> parameters = readParameters(instance, artifacts);
        Map<String, GraphValidator.RawStep> steps = readSteps(artifacts);
        List<StepNode> nodes = problems.isEmpty() ? new GraphValidator(steps, problems).validate() : List.of();
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(flow, problems);
        }
        return new FlowGraph(
                flowClass, project, schedule, startAfter, nodes, parameters, List.copyOf(artifacts.values()));
    }

    private Object instantiate() {
        if (Modifier.isAbstract(flowClass.getModifiers())) {
            problems.add("class " + flowClass.getName() + " is abstract: a flow must be a concrete class");
            return null;
        }
        try {
            Constructor<? extends FlowSpec> constructor = flowClass.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            problems.add("class " + flowClass.getName()
                    + " has no no-argument constructor: add one, the runtime creates a flow instance per task");
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            problems.add("creating " + flowClass.getName() + " failed (" + cause
                    + "): field initializers and the constructor must not fail");
        }
        return null;
    }

    private Map<String, ArtifactSpec> readArtifacts() {
        Map<String, ArtifactSpec> artifacts = new LinkedHashMap<>();
        for (Field field : FlowFields.artifacts(flowClass)) {
            if (artifacts.containsKey(field.getName())) {
                problems.add("artifact `" + field.getName() + "` is declared twice (again in "
                        + field.getDeclaringClass().getSimpleName() + "): rename one of the fields");
            } else if (Modifier.isFinal(field.getModifiers())) {
                problems.add(
                        "artifact `" + field.getName()
                                + "` is final: the runtime sets artifacts, make the field non-final (or static for a constant)");
            } else {
                ArtifactSpec artifact = new ArtifactSpec(field.getName(), field.getGenericType());
                problems.addAll(ArtifactTypes.problems(artifact));
                artifacts.put(field.getName(), artifact);
            }
        }
        return artifacts;
    }

    private List<ParameterSpec> readParameters(Object instance, Map<String, ArtifactSpec> artifacts) {
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        for (Field field : FlowFields.parameters(flowClass)) {
            Parameter p = field.getAnnotation(Parameter.class);
            String name = p.name().isEmpty() ? field.getName() : p.name();
            if (!name.matches("[a-z][A-Za-z0-9-]*")) {
                problems.add("parameter `" + name
                        + "`: a parameter name starts with a lower-case letter and holds letters, digits and '-'");
            }
            if (!ParameterSpec.supported(field.getType())) {
                problems.add(
                        "parameter `" + name + "` has type " + field.getType().getSimpleName()
                                + ": supported types are String, int, long, double, boolean and enums");
                continue;
            }
            if (Modifier.isFinal(field.getModifiers())) {
                problems.add("parameter `" + name + "` is final: make the field non-final so a run can set it");
                continue;
            }
            if (parameters.containsKey(name)) {
                problems.add("parameter `" + name + "` is declared twice (fields "
                        + parameters.get(name).field() + " and " + field.getName()
                        + "): give one another @Parameter(name = ...)");
                continue;
            }
            if (artifacts.containsKey(name)) {
                problems.add("parameter `" + name + "` has the name of an artifact: rename one of them");
            }
            Object defaultValue = instance == null ? null : read(field, instance);
            ParameterSpec spec =
                    new ParameterSpec(name, field.getName(), field.getType(), defaultValue, p.help(), p.required());
            spec.defaultProblem().ifPresent(problems::add);
            parameters.put(name, spec);
        }
        return List.copyOf(parameters.values());
    }

    private Map<String, GraphValidator.RawStep> readSteps(Map<String, ArtifactSpec> artifacts) {
        Map<String, GraphValidator.RawStep> steps = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = flowClass; c != null && c != FlowSpec.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Step.class) && !m.isBridge()) {
                    methods.add(0, m);
                    counts.merge(m.getName(), 1, Integer::sum);
                }
            }
        }
        for (Method method : methods) {
            String name = method.getName();
            if (counts.get(name) > 1) {
                if (!steps.containsKey(name)) {
                    problems.add("step `" + name + "` is declared " + counts.get(name)
                            + " times: step names must be unique, rename or remove the others");
                    steps.put(name, null);
                }
                continue;
            }
            boolean join = checkSignature(method);
            Transition transition = transition(name, method.getAnnotation(Step.class), artifacts);
            StepSettings settings = settings(method, artifacts);
            if (transition instanceof Transition.Foreach && settings.catchVar().isPresent()) {
                problems.add(
                        "step `" + name + "` has @Catch but fans out with foreach: the fan-out needs the step's list,"
                                + " so it cannot go on after a failure; move the risky work into the next step");
            }
            steps.put(name, new GraphValidator.RawStep(name, transition, join, settings));
        }
        steps.values().removeIf(java.util.Objects::isNull);
        return steps;
    }

    private boolean checkSignature(Method method) {
        String step = "step `" + method.getName() + "`";
        if (Modifier.isStatic(method.getModifiers())) {
            problems.add(step + " is static: steps are instance methods, they read and write the flow's fields");
        }
        if (method.getReturnType() != void.class) {
            problems.add(step + " returns " + method.getReturnType().getSimpleName()
                    + ": a step returns void and keeps results in fields");
        }
        Class<?>[] types = method.getParameterTypes();
        if (types.length == 1 && types[0] == Inputs.class) {
            return true;
        }
        if (types.length > 0) {
            problems.add(step + " takes parameters "
                    + List.of(types).stream().map(Class::getSimpleName).toList() + ": a step takes none, or one Inputs<"
                    + flow + "> if it is a join");
        }
        return false;
    }

    private Transition transition(String name, Step step, Map<String, ArtifactSpec> artifacts) {
        String[] next = step.next();
        if (!step.foreach().isEmpty()) {
            if (next.length != 1) {
                problems.add("step `" + name + "` has foreach = \"" + step.foreach() + "\" and " + next.length
                        + " next steps: a foreach fans out to exactly one step, write next = \"<step>\"");
            }
            checkForeachArtifact(name, step.foreach(), artifacts);
            if (step.maxItems() < 0) {
                problems.add("step `" + name + "` has maxItems = " + step.maxItems()
                        + ": write the most items its list may hold" + " (at least 1), or leave it out");
            }
            return new Transition.Foreach(step.foreach(), next.length > 0 ? next[0] : "", Math.max(0, step.maxItems()));
        }
        if (step.maxItems() != 0) {
            problems.add("step `" + name + "` has maxItems = " + step.maxItems()
                    + " but no foreach: maxItems bounds a foreach's list,"
                    + " add foreach = \"<list artifact>\" or remove maxItems");
        }
        return switch (next.length) {
            case 0 -> new Transition.End();
            case 1 -> new Transition.Linear(next[0]);
            default -> new Transition.Branch(List.of(next));
        };
    }

    private void checkForeachArtifact(String step, String artifact, Map<String, ArtifactSpec> artifacts) {
        ArtifactSpec spec = artifacts.get(artifact);
        if (spec == null) {
            problems.add("step `" + step + "` has foreach over `" + artifact + "`, which " + flow
                    + " does not declare: add a field `List<...> " + artifact + "` and set it in the step");
            return;
        }
        Class<?> raw = rawType(spec);
        if (!Collection.class.isAssignableFrom(raw) && !raw.isArray()) {
            problems.add("step `" + step + "` has foreach over `" + artifact + "` of type " + spec.typeName()
                    + ": foreach needs a List (or another Collection, or an array)");
        }
    }

    private static Class<?> rawType(ArtifactSpec spec) {
        java.lang.reflect.Type t = spec.type();
        if (t instanceof java.lang.reflect.ParameterizedType p) {
            t = p.getRawType();
        }
        if (t instanceof java.lang.reflect.GenericArrayType) {
            return Array.newInstance(Object.class, 0).getClass();
        }
        return t instanceof Class<?> c ? c : Object.class;
    }

    private StepSettings settings(Method method, Map<String, ArtifactSpec> artifacts) {
        String step = "step `" + method.getName() + "`";
        StepSettings.Resources resources = StepSettings.Resources.DEFAULT;
        Resources r = method.getAnnotation(Resources.class);
        if (r != null) {
            if (r.cpu() < 1 || r.memoryMb() < 1 || r.gpu() < 0) {
                problems.add(step + " has @Resources(cpu = " + r.cpu() + ", memoryMb = " + r.memoryMb() + ", gpu = "
                        + r.gpu() + "): cpu and memoryMb must be at least 1, gpu at least 0");
            }
            resources = new StepSettings.Resources(r.cpu(), r.memoryMb(), r.gpu(), r.queue());
        }
        StepSettings.RetryPolicy retry = StepSettings.RetryPolicy.NONE;
        Retry rt = method.getAnnotation(Retry.class);
        if (rt != null) {
            if (rt.times() < 0 || rt.times() > MAX_RETRIES || rt.backoffSeconds() < 0) {
                problems.add(step + " has @Retry(times = " + rt.times() + ", backoffSeconds = " + rt.backoffSeconds()
                        + "): times must be 0.." + MAX_RETRIES + " and backoffSeconds at least 0");
            }
            retry = new StepSettings.RetryPolicy(rt.times(), rt.backoffSeconds());
        }
        Optional<Duration> timeout = Optional.empty();
        Timeout t = method.getAnnotation(Timeout.class);
        if (t != null) {
            Duration d =
                    Duration.ofSeconds(t.seconds()).plusMinutes(t.minutes()).plusHours(t.hours());
            if (d.isNegative() || d.isZero()) {
                problems.add(
                        step + " has a @Timeout of " + d.toSeconds() + " s: give seconds, minutes or hours above 0");
            } else if (d.compareTo(StepSettings.MIN_TIMEOUT) < 0) {
                problems.add(step + " has a @Timeout of " + d.toSeconds() + " s: the shortest is "
                        + StepSettings.MIN_TIMEOUT.toSeconds()
                        + " s (AWS Batch's shortest attempt timeout, kept locally too so the flow runs the same"
                        + " everywhere); write @Timeout(seconds = " + StepSettings.MIN_TIMEOUT.toSeconds()
                        + ") or more");
            }
            timeout = Optional.of(d);
        }
        Optional<String> catchVar = Optional.empty();
        Catch c = method.getAnnotation(Catch.class);
        if (c != null) {
            ArtifactSpec target = artifacts.get(c.var());
            if (target == null || target.type() != StepError.class) {
                problems.add(step + " has @Catch(var = \"" + c.var() + "\"): declare a field `StepError " + c.var()
                        + "` to receive the error");
            }
            catchVar = Optional.of(c.var());
        }
        int tasksPerChild = StepSettings.AUTO_TASKS_PER_CHILD;
        Batch b = method.getAnnotation(Batch.class);
        if (b != null) {
            if (b.tasksPerChild() < 0 || b.tasksPerChild() > StepSettings.MAX_TASKS_PER_CHILD) {
                problems.add(step + " has @Batch(tasksPerChild = " + b.tasksPerChild() + "): give 1.."
                        + StepSettings.MAX_TASKS_PER_CHILD + " tasks per array child, or 0 to let the plan pick");
            }
            tasksPerChild = b.tasksPerChild();
        }
        return new StepSettings(resources, retry, timeout, catchVar, tasksPerChild);
    }

    private static Object read(Field field, Object instance) {
        try {
            return field.get(instance);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
