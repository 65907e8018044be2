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
            var manifest = File.ReadAllText(ModulePaths.Manifest);
            Assert.Contains($"ModuleVersion        = '{metadata.Element(ns + "version")!.Value}'", manifest);
            var tags = metadata.Element(ns + "tags")!.Value.Split(' ');
            Assert.Contains("PSModule", tags);
            Assert.Contains("PSCmdlet_Invoke-MigrationUpgrade", tags);
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
