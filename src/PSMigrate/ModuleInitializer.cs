using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PSMigrate.Commands;

/// <summary>
/// PowerShell does not read a module's deps.json, so the managed dependencies and the native
/// SQLite library beside PSMigrate.dll would not be found by the default probing. These
/// handlers look for them in the module folder, and only for names that folder has.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static int registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += ResolveManaged;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveNative;
    }

    // Platform-specific builds (runtimes/unix|win/lib/<tfm>/) win over the folder's own copy.
    private static Assembly? ResolveManaged(AssemblyLoadContext context, AssemblyName name)
    {
        var file = name.Name + ".dll";
        var platformLibraries = Path.Combine(ModuleDirectory, "runtimes", OperatingSystem.IsWindows() ? "win" : "unix", "lib");
        var candidate = Directory.Exists(platformLibraries)
            ? Directory.EnumerateFiles(platformLibraries, file, SearchOption.AllDirectories).FirstOrDefault()
            : null;
        candidate ??= Path.Combine(ModuleDirectory, file);
        return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
    }

    private static IntPtr ResolveNative(Assembly requester, string name)
    {
        var native = Path.Combine(ModuleDirectory, "runtimes", RuntimeIdentifier(), "native");
        foreach (var file in CandidateFileNames(name))
        {
            var path = Path.Combine(native, file);
            if (File.Exists(path))
            {
                return NativeLibrary.Load(path);
            }
        }

        return IntPtr.Zero;
    }

    private static IEnumerable<string> CandidateFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "lib" + name + ".dylib";
        }
        else
        {
            yield return "lib" + name + ".so";
        }
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

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
}
