package dev.gatehouse.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Packages import in one direction: in every module of the build, the {@code dev.gatehouse} packages of its main
 * sources form no cycle. Read from the sources (imports, and names written out in full in code), so a new
 * back-reference fails the build of the module that has it, with the files that close the cycle.
 */
class PackageCyclesTest {

    /** Cycles known and not yet undone, as their packages joined by {@code <->}; only shrinks (now none). */
    private static final Set<String> ALLOWED = Set.of();

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.gatehouse[\\w.]*)\\s*;", Pattern.MULTILINE);
    /** A type named with its package in code: {@code dev.gatehouse.x.y.Type}. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(dev\\.gatehouse(?:\\.[a-z_][\\w]*)+)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    @Test
    void noModuleHasAnImportCycleAmongItsPackages() {
        List<Path> modules = modules();
        assertTrue(modules.size() >= 4, "modules found: " + modules);
        List<String> problems = new ArrayList<>();
        for (Path module : modules) {
            for (String cycle : cycles(graph(module.resolve("src/main/java")))) {
                if (!ALLOWED.contains(cycle.lines().findFirst().orElse(""))) {
                    problems.add(module.getFileName() + ": " + cycle);
                }
            }
        }
        assertEquals(List.of(), problems, "import cycles among packages");
    }

    @Test
    void aBackImportIsFoundAsACycle() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.computeIfAbsent("p.a", k -> new TreeMap<>()).put("p.b", "A.java");
        graph.computeIfAbsent("p.b", k -> new TreeMap<>()).put("p.c", "B.java");
        assertEquals(List.of(), cycles(graph));
        graph.computeIfAbsent("p.c", k -> new TreeMap<>()).put("p.a", "C.java");
        List<String> found = cycles(graph);
        assertEquals(1, found.size());
        assertTrue(found.get(0).startsWith("p.a <-> p.b <-> p.c"), found.get(0));
        assertTrue(found.get(0).contains("p.c -> p.a (C.java)"), found.get(0));
    }

    @Test
    void importsAndQualifiedNamesButNotCommentsOrStringsAreReferences() {
        String source = """
                package dev.gatehouse.a;
                import dev.gatehouse.b.Thing;
                import static dev.gatehouse.c.Util.helper;
                /** see dev.gatehouse.d.Other */
                class X { Object y = new dev.gatehouse.e.Type(); String s = "dev.gatehouse.f.Nope"; }
                """;
        assertEquals(Set.of("dev.gatehouse.b", "dev.gatehouse.c", "dev.gatehouse.e"), references(source));
        assertFalse(references(source).contains("dev.gatehouse.d"));
    }

    /** The build's modules with main sources: the parent of this module's directory holds them all. */
    private static List<Path> modules() {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Package to the packages it refers to, each with one file that does. */
    private static Map<String, Map<String, String>> graph(Path sources) {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) {
                    continue;
                }
                String from = pkg.group(1);
                Map<String, String> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
                for (String to : references(source)) {
                    if (!to.equals(from)) {
                        edges.putIfAbsent(to, file.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The packages a source file refers to. */
    static Set<String> references(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            packages.add(packageOf(imports.group(1)));
        }
        String code = STRING.matcher(COMMENT.matcher(IMPORT.matcher(source).replaceAll("")).replaceAll(" ")).replaceAll("\"\"");
        Matcher qualified = QUALIFIED.matcher(code);
        while (qualified.find()) {
            packages.add(qualified.group(1));
        }
        return packages;
    }

    /** {@code a.b.Type.Nested} and {@code a.b.Type.member} are in {@code a.b}: packages are lower case, types not. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /**
     * Each cycle (a strongly connected set of two or more packages, Tarjan's algorithm) as its members joined by
     * {@code <->} on the first line, then the references between them with a file that makes each.
     */
    static List<String> cycles(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<String> cycles = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                strongConnect(node, graph, index, low, stack, onStack, counter, cycles);
            }
        }
        return cycles;
    }

    private static void strongConnect(String node, Map<String, Map<String, String>> graph, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, int[] counter,
                                      List<String> cycles) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                strongConnect(next, graph, index, low, stack, onStack, counter, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> members = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                members.add(member);
            } while (!member.equals(node));
            if (members.size() > 1) {
                StringBuilder cycle = new StringBuilder(String.join(" <-> ", members));
                for (String from : members) {
                    graph.getOrDefault(from, Map.of()).forEach((to, file) -> {
                        if (members.contains(to)) {
                            cycle.append("\n  ").append(from).append(" -> ").append(to).append(" (").append(file).append(')');
                        }
                    });
                }
                cycles.add(cycle.toString());
            }
        }
    }
}
