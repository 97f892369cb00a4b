package dev.booking.examples;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README shows code that compiles: every sample it marks with
 * {@code <!-- sample: PATH#NAME -->} must be, character for character, the region of that file
 * between the lines {@code sample:NAME} and {@code end-sample:NAME} (indentation common to the
 * region removed). Every Java and XML block of the README must carry such a marker, and every
 * version in its XML blocks must be the one this build uses.
 *
 * <p>To list the differences without Maven's noise:
 * {@code mvn -q -pl booking-examples -am test -Dtest=ReadmeSamplesTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReadmeSamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("<!-- sample: (\\S+)#(\\S+) -->");
    private static final Pattern FENCE = Pattern.compile("```(\\w*)");

    /** One fenced block of the README, with the marker that names its source, if any. */
    private record Block(int line, String language, String marker, String text) {
    }

    @Test
    void everyMarkedSampleIsItsFileRegion() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Block block : blocks()) {
            if (block.marker() == null) {
                continue;
            }
            Matcher marker = MARKER.matcher(block.marker());
            assertThat(marker.matches()).isTrue();
            String expected = region(ROOT.resolve(marker.group(1)), marker.group(2));
            checked++;
            if (!block.text().equals(expected)) {
                mismatches.add("README.md line " + block.line() + " differs from " + marker.group(1) + "#"
                        + marker.group(2) + "; the file's region is:\n" + expected);
            }
        }
        assertThat(checked).as("samples found in the README").isGreaterThanOrEqualTo(6);
        assertThat(mismatches).as("README samples that differ from their files").isEmpty();
    }

    @Test
    void everyJavaAndXmlBlockOfTheReadmeComesFromAFile() throws Exception {
        List<String> unmarked = new ArrayList<>();
        for (Block block : blocks()) {
            if ((block.language().equals("java") || block.language().equals("xml")) && block.marker() == null) {
                unmarked.add("README.md line " + block.line() + " (" + block.language() + ")");
            }
        }
        assertThat(unmarked).as("Java and XML blocks without a <!-- sample: PATH#NAME --> line above them").isEmpty();
    }

    @Test
    void everyVersionInTheReadmesXmlIsTheBuildsOwn() throws Exception {
        Map<String, String> managed = managedVersions();
        Pattern coordinates = Pattern.compile(
                "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Block block : blocks()) {
            if (!block.language().equals("xml")) {
                continue;
            }
            Matcher matcher = coordinates.matcher(block.text());
            while (matcher.find()) {
                String key = matcher.group(1) + ":" + matcher.group(2);
                String expected = matcher.group(1).equals("dev.booking") ? managed.get("project.version") : managed.get(key);
                checked++;
                if (expected == null) {
                    wrong.add(key + " (README.md line " + block.line() + ") has no version in the build to compare with");
                } else if (!expected.equals(matcher.group(3))) {
                    wrong.add(key + " (README.md line " + block.line() + ") is " + matcher.group(3)
                            + " in the README but " + expected + " in the build");
                }
            }
        }
        assertThat(checked).as("versions found in the README's XML").isGreaterThanOrEqualTo(3);
        assertThat(wrong).isEmpty();
    }

    private static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String marker = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                int start = i;
                StringBuilder text = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).equals("```")) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(start + 1, fence.group(1), marker, text.toString()));
                marker = null;
            } else if (MARKER.matcher(line.strip()).matches()) {
                marker = line.strip();
            } else if (!line.isBlank()) {
                marker = null; // a marker names the block right below it
            }
        }
        return blocks;
    }

    /** The lines between {@code sample:NAME} and {@code end-sample:NAME}, without other regions' marker lines. */
    static String region(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Pattern begin = Pattern.compile("(//|<!--) sample:" + Pattern.quote(name) + "\\b.*");
        Pattern end = Pattern.compile("(//|<!--) end-sample:" + Pattern.quote(name) + "\\b.*");
        Pattern anyMarker = Pattern.compile("(//|<!--) (end-)?sample:\\S+.*");
        List<String> region = null;
        for (String line : lines) {
            String stripped = line.strip();
            if (region == null) {
                if (begin.matcher(stripped).matches()) {
                    region = new ArrayList<>();
                }
            } else if (end.matcher(stripped).matches()) {
                return dedent(region);
            } else if (!anyMarker.matcher(stripped).matches()) {
                region.add(line);
            }
        }
        throw new AssertionError(file + " has no complete region " + name);
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    /** groupId:artifactId to version, for this project's modules and what the parent pom manages. */
    private static Map<String, String> managedVersions() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        Map<String, String> properties = new HashMap<>();
        String projectVersion = child(project, "version");
        properties.put("project.version", projectVersion);
        Element props = firstElement(project, "properties");
        for (Node node = props.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element property) {
                properties.put(property.getTagName(), property.getTextContent().strip());
            }
        }
        Map<String, String> versions = new HashMap<>();
        versions.put("project.version", projectVersion);
        for (String tag : List.of("dependency", "plugin")) {
            NodeList nodes = project.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element element = (Element) nodes.item(i);
                String group = child(element, "groupId");
                String version = child(element, "version");
                if (version == null) {
                    continue;
                }
                Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(version);
                String resolved = property.matches() ? properties.get(property.group(1)) : version;
                versions.put((group == null ? "org.apache.maven.plugins" : group) + ":" + child(element, "artifactId"), resolved);
            }
        }
        return versions;
    }

    private static Element firstElement(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                return element;
            }
        }
        return null;
    }

    private static String child(Element parent, String tag) {
        Element element = firstElement(parent, tag);
        return element == null ? null : element.getTextContent().strip();
    }
}
