package io.promsdk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the public signatures of a module's API that name a type of a package called {@code
 * internal}: a public or protected member of a public type outside such a package whose
 * signature (supertypes, field types, parameter, return and exception types, type parameter
 * bounds, generic arguments included) uses an internal type. Users could then not use the API
 * without naming an internal package, so such a signature is a bug: either the type is API and
 * belongs outside {@code internal}, or the member is not API and belongs inside.
 *
 * <pre>{@code
 * InternalTypeLeaks leaks = InternalTypeLeaks.inModuleOf(CollectorRegistry.class);
 * assertThat(leaks.found()).isEmpty();
 * assertThat(leaks.apiTypesChecked()).isGreaterThan(10);
 * }</pre>
 *
 * <p>Reads the compiled classes of the module (the directory or jar the anchor class was loaded
 * from), loading each class without initializing it.
 */
public final class InternalTypeLeaks {
  private final List<String> found;
  private final int apiTypesChecked;

  private InternalTypeLeaks(List<String> found, int apiTypesChecked) {
    this.found = List.copyOf(found);
    this.apiTypesChecked = apiTypesChecked;
  }

  /** Checks every class under the class-path root that {@code anchor} was loaded from. */
  public static InternalTypeLeaks inModuleOf(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(anchor + " was not loaded from a class directory: " + root);
    }
    List<String> found = new ArrayList<>();
    int checked = 0;
    for (String name : classNames(root)) {
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (isApi(type)) {
        checked++;
        check(type, found);
      }
    }
    return new InternalTypeLeaks(found, checked);
  }

  /** One line per leak: {@code member: internal type}. */
  public List<String> found() {
    return found;
  }

  /** How many API types (public, outside {@code internal}) were read: so that "none found" means something. */
  public int apiTypesChecked() {
    return apiTypesChecked;
  }

  /** Whether a package name has a segment {@code internal}. */
  public static boolean isInternalPackage(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }

  private static List<String> classNames(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(root::relativize).map(Path::toString)
          .filter(f -> f.endsWith(".class") && !f.endsWith("module-info.class") && !f.endsWith("package-info.class"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A type users can name: public, and so is every type it is nested in; outside internal packages. */
  private static boolean isApi(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()
        || isInternalPackage(type.getPackageName())) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static void check(Class<?> type, List<String> found) {
    String name = type.getName();
    report(name + " extends", type.getGenericSuperclass(), found);
    for (Type t : type.getGenericInterfaces()) {
      report(name + " implements", t, found);
    }
    for (TypeVariable<?> v : type.getTypeParameters()) {
      report(name + "<" + v.getName() + ">", v, found);
    }
    for (Field f : type.getDeclaredFields()) {
      if (isVisible(f)) {
        report(name + "." + f.getName(), f.getGenericType(), found);
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (isVisible(c)) {
        checkExecutable(name + "(constructor)", c, found);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (isVisible(m) && !m.isBridge()) {
        checkExecutable(name + "." + m.getName() + "()", m, found);
        report(name + "." + m.getName() + "() returns", m.getGenericReturnType(), found);
      }
    }
  }

  private static void checkExecutable(String where, Executable e, List<String> found) {
    for (Type t : e.getGenericParameterTypes()) {
      report(where + " parameter", t, found);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      report(where + " throws", t, found);
    }
    for (TypeVariable<?> v : e.getTypeParameters()) {
      report(where + " <" + v.getName() + ">", v, found);
    }
  }

  private static boolean isVisible(Member m) {
    int mod = m.getModifiers();
    return !m.isSynthetic() && (Modifier.isPublic(mod) || Modifier.isProtected(mod));
  }

  private static void report(String where, Type type, List<String> found) {
    Set<Class<?>> used = new HashSet<>();
    collect(type, used, new HashSet<>());
    for (Class<?> c : used) {
      if (isInternalPackage(c.getPackageName())) {
        found.add(where + ": " + c.getName());
      }
    }
  }

  /** Every class a (generic) type names, type arguments and bounds included. */
  private static void collect(Type type, Set<Class<?>> into, Set<TypeVariable<?>> seen) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      into.add(c);
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), into, seen);
      collect(p.getOwnerType(), into, seen);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, into, seen);
      }
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, into, seen);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, into, seen);
      }
    } else if (type instanceof GenericArrayType a) {
      collect(a.getGenericComponentType(), into, seen);
    } else if (type instanceof TypeVariable<?> v && seen.add(v)) { // T extends Comparable<T> ends here
      for (Type b : v.getBounds()) {
        collect(b, into, seen);
      }
    }
  }
}
