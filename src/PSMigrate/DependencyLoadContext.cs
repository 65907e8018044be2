using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PSMigrate.Commands;

/// <summary>
/// The load context of the engine and its dependencies, all from the module's dependencies/
/// folder: platform builds (runtimes/unix|win/lib) first, native libraries from
/// runtimes/&lt;rid&gt;/native. Anything the folder lacks (the .NET runtime) comes from the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public const string ContextName = "PSMigrate";

    private static readonly string Folder =
        Path.Combine(Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)!, "dependencies");

    private DependencyLoadContext()
        : base(ContextName)
    {
    }

    public static DependencyLoadContext Instance { get; } = new();

    // Every assembly the engine references comes through Load, framework ones included: the
    // folder is indexed once instead of searched on each call.
    private static readonly Lazy<Dictionary<string, string>> AssemblyIndex = new(IndexAssemblies);

    protected override Assembly? Load(AssemblyName name) =>
        name.Name is { } simple && AssemblyIndex.Value.TryGetValue(simple, out var path) ? LoadFromAssemblyPath(path) : null;

    /// <summary>The folder's assemblies by name; a platform build (runtimes/unix|win/lib) wins over the plain one.</summary>
    private static Dictionary<string, string> IndexAssemblies()
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*.dll"))
            {
                index[Path.GetFileNameWithoutExtension(file)] = file;
            }
        }

        var platformLibraries = Path.Combine(Folder, "runtimes", OperatingSystem.IsWindows() ? "win" : "unix", "lib");
        if (Directory.Exists(platformLibraries))
        {
            foreach (var file in Directory.EnumerateFiles(platformLibraries, "*.dll", SearchOption.AllDirectories))
            {
                index[Path.GetFileNameWithoutExtension(file)] = file;
            }
        }

        return index;
    }

    protected override IntPtr LoadUnmanagedDll(string name)
    {
        var native = Path.Combine(Folder, "runtimes", RuntimeIdentifier(), "native");
        foreach (var file in new[] { name, "lib" + name + ".so", "lib" + name + ".dylib", name + ".dll" })
        {
            var path = Path.Combine(native, file);
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }

        return IntPtr.Zero;
    }

    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : IsMusl() ? "linux-musl" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => "x64",
        };
        return $"{os}-{arch}";
    }

    // musl's dynamic loader has one name per architecture: one stat instead of listing /lib and
    // matching a pattern, which showed in the profile of every process's first connection.
    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && File.Exists("/lib/ld-musl-" + RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "i386",
            Architecture.Arm => "armhf",
            _ => "x86_64",
        } + ".so.1");
}
