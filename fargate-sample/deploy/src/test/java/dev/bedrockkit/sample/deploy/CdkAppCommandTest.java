package dev.bedrockkit.sample.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code cdk synth} in this directory runs {@link DeployApp} through the pom's synth profile. */
class CdkAppCommandTest {
  @Test
  void cdkJsonRunsTheSynthProfileOfThisModule() throws Exception {
    JsonNode cdk = new ObjectMapper().readTree(Path.of("cdk.json").toFile());
    assertThat(cdk.get("app").asText())
        .isEqualTo(
            "mvn -e -q -B -f ../../pom.xml -pl fargate-sample/deploy -am -Psynth -DskipTests"
                + " -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package");
    assertThat(cdk.get("context").get("chainFile").asText()).isEqualTo("chain.json");
    Map<String, Object> context =
        new ObjectMapper().convertValue(cdk.get("context"), new TypeReference<Map<String, Object>>() {});
    assertThat(DeployApp.unknownKeys(context)).isEmpty();
  }

  @Test
  void synthProfileRunsDeployApp() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    assertThat(
            XPathFactory.newInstance()
                .newXPath()
                .evaluate(
                    "/project/profiles/profile[id='synth']//plugin[artifactId='exec-maven-plugin']"
                        + "//mainClass",
                    pom)
                .trim())
        .isEqualTo(DeployApp.class.getName());
  }

  @Test
  void sampleChainDocumentIsValidAndStaysInTheStackRegion() throws Exception {
    String chain = Files.readString(Path.of("chain.json"));
    SampleServiceProps props = Fixtures.props().chainJson(chain, "chain.json").build();
    assertThat(BedrockAccess.clientRegions(props.modelConfig(), Fixtures.REGION))
        .containsOnlyKeys(Fixtures.REGION);
  }
}
