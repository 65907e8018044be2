using System.Security.Cryptography;
using PSMigrate.Engine.Revisions;
using Xunit;

namespace PSMigrate.Engine.Tests;

/// <summary>The checksum's own SHA-256 must give the standard digest, or every stored checksum would read as drift.</summary>
public sealed class RevisionSha256Tests
{
    [Fact]
    public void GivesThePlatformsDigestForEveryLengthAroundTheBlockBoundaries()
    {
        var random = new Random(20261123);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(RevisionSha256.HashData(data)));
        }
    }

    [Fact]
    public void GivesThePublishedDigestsAndThePlatformsForALargeInput()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(RevisionSha256.HashData([])));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(RevisionSha256.HashData("abc"u8)));
        var large = new byte[5_000_003];
        new Random(7).NextBytes(large);
        Assert.Equal(SHA256.HashData(large), RevisionSha256.HashData(large));
    }
}
