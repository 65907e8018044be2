using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace PSMigrate.Module.Tests;

/// <summary>The package build.ps1 -Package makes: the staged module at its root, Gallery-style metadata.</summary>
public sealed class PackageTests
{
    [Fact]
    public void PackageHoldsTheWholeModuleWithGalleryMetadata()
    {
        var output = Path.Combine(Path.GetTempPath(), "psmigrate-pack-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var pack = new ProcessStartInfo("dotnet", ["pack", Path.Combine(ModulePaths.RepositoryRoot, "src", "PSMigrate", "PSMigrate.csproj"), "--no-build", "--output", output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using (var process = Process.Start(pack)!)
            {
                var log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, log);
            }

            var package = Assert.Single(Directory.GetFiles(output, "*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("PSMigrate.psd1", entries);
            Assert.Contains("PSMigrate.dll", entries);
            Assert.Contains("PSMigrate.Format.ps1xml", entries);
            Assert.Contains("en-US/PSMigrate.dll-Help.xml", entries);
            Assert.Contains("en-US/about_PSMigrate.help.txt", entries);
            Assert.Contains("dependencies/PSMigrate.Engine.dll", entries);
            Assert.Contains("dependencies/runtimes/linux-x64/native/libe_sqlite3.so", entries);
            Assert.Contains("dependencies/runtimes/win-x64/native/e_sqlite3.dll", entries);
            Assert.Contains("dependencies/runtimes/osx-arm64/native/libe_sqlite3.dylib", entries);

            using var nuspec = zip.GetEntry("PSMigrate.nuspec")!.Open();
            var root = XDocument.Load(nuspec).Root!;
            var ns = root.Name.Namespace;
            var metadata = root.Element(ns + "metadata")!;
            var tags = metadata.Element(ns + "tags")!.Value.Split(' ');
            Assert.Contains("PSModule", tags);

            // The package says what the manifest says: one source for the version, the same description, tags and links.
            using var session = new PowerShellSession();
            var module = session.Run("Test-ModuleManifest -Path $m", new Dictionary<string, object?> { ["m"] = ModulePaths.Manifest }).Output.Single();
            Assert.Equal(module.Properties["Version"].Value.ToString(), metadata.Element(ns + "version")!.Value);
            Assert.Equal(module.Properties["Description"].Value.ToString(), metadata.Element(ns + "description")!.Value);
            Assert.Equal(module.Properties["ProjectUri"].Value.ToString(), metadata.Element(ns + "projectUrl")!.Value);
            Assert.Equal(module.Properties["ReleaseNotes"].Value.ToString(), metadata.Element(ns + "releaseNotes")!.Value);
            var manifestTags = session.Run("(Test-ModuleManifest -Path $m).Tags", new Dictionary<string, object?> { ["m"] = ModulePaths.Manifest }).Output.Select(o => o.ToString());
            Assert.All(manifestTags, tag => Assert.Contains(tag, tags));
            var cmdlets = session.Run("(Get-Command -Module PSMigrate).Name").Output.Select(o => "PSCmdlet_" + o);
            Assert.All(cmdlets, tag => Assert.Contains(tag, tags));

            var assembly = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, "PSMigrate.dll"));
            Assert.Equal(module.Properties["Version"].Value.ToString(), assembly.Version!.ToString(3));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
