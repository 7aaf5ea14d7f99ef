package dev.bedrockkit.sample.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Jib configuration in the root pom's pluginManagement (which builds the sample service's
 * image) agrees with the task definition: same user, port and CPU architecture. Jib itself is not
 * run here, since it needs its base image from a registry.
 */
class ImageBuildConfigTest {
  private static final String JIB =
      "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']";
  private static Document rootPom;
  private static XPath xpath;

  @BeforeAll
  static void readRootPom() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    rootPom = factory.newDocumentBuilder().parse(Path.of("../../pom.xml").toFile());
    xpath = XPathFactory.newInstance().newXPath();
  }

  private static String text(String path) throws Exception {
    return xpath.evaluate(path, rootPom).trim();
  }

  private static List<String> texts(String path) throws Exception {
    NodeList nodes = (NodeList) xpath.evaluate(path, rootPom, XPathConstants.NODESET);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    return values;
  }

  @Test
  void jibVersionAndBaseImageAreProperties() throws Exception {
    assertThat(text(JIB + "/version")).isEqualTo("${jib.version}");
    assertThat(text("/project/properties/jib.version")).isEqualTo("3.5.2");
    assertThat(text(JIB + "/configuration/from/image")).isEqualTo("${jib.baseImage}");
    assertThat(text("/project/properties/jib.baseImage")).isEqualTo("eclipse-temurin:17-jre");
  }

  @Test
  void onlyTheSampleServiceModuleBuildsAnImage() throws Exception {
    assertThat(text("/project/properties/jib.skip")).isEqualTo("true");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document sample = factory.newDocumentBuilder().parse(Path.of("../pom.xml").toFile());
    assertThat(xpath.evaluate("/project/artifactId", sample)).isEqualTo("fargate-sample");
    assertThat(xpath.evaluate("/project/properties/jib.skip", sample).trim()).isEqualTo("false");
  }

  @Test
  void imageRunsAsTheTaskDefinitionsNonRootUserOnItsPort() throws Exception {
    assertThat(text(JIB + "/configuration/container/user"))
        .isEqualTo(SampleServiceStack.CONTAINER_USER);
    assertThat(texts(JIB + "/configuration/container/ports/port"))
        .containsExactly(String.valueOf(SampleServiceStack.CONTAINER_PORT));
    assertThat(text(JIB + "/configuration/container/environment/SERVER_PORT"))
        .isEqualTo(String.valueOf(SampleServiceStack.CONTAINER_PORT));
  }

  @Test
  void imageIsBuiltForTheTaskDefinitionsArchitecture() throws Exception {
    // The task definition says X86_64 (CpuArchitecture.X86_64); Jib calls it amd64.
    assertThat(texts(JIB + "/configuration/from/platforms/platform/architecture"))
        .containsExactly("amd64");
    assertThat(texts(JIB + "/configuration/from/platforms/platform/os")).containsExactly("linux");
  }

  @Test
  void jvmSizesItsHeapFromTheContainerAndExitsWhenOutOfMemory() throws Exception {
    assertThat(texts(JIB + "/configuration/container/jvmFlags/jvmFlag"))
        .containsExactly("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
  }
}
