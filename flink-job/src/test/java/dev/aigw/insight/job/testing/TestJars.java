package dev.aigw.insight.job.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs a test job (its main class's package from the compiled test classes) into a jar. */
public final class TestJars {

  private TestJars() {}

  /**
   * Writes a jar holding every class in {@code mainClass}'s package (not sub-packages) with {@code
   * mainClass} as the manifest's {@code Main-Class}, so {@code flink run jar} needs no {@code -c}.
   */
  public static Path jarOfPackage(Class<?> mainClass, Path jar) throws IOException {
    Path classesRoot;
    try {
      classesRoot = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the classes of " + mainClass, e);
    }
    String packagePath = mainClass.getPackageName().replace('.', '/');
    Path packageDir = classesRoot.resolve(packagePath);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
    Files.createDirectories(jar.toAbsolutePath().getParent());
    List<Path> classes;
    try (Stream<Path> files = Files.list(packageDir)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Path classFile : classes) {
        out.putNextEntry(new JarEntry(packagePath + "/" + classFile.getFileName()));
        Files.copy(classFile, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
