using System.Text.RegularExpressions;
using ActorQuic.Host.Demo;

namespace ActorQuic.Host.Tests;

public sealed class DemoSiteTests
{
    [Fact]
    public void Demo_site_ships_beside_the_program_with_an_index_and_images()
    {
        string root = DemoSite.Locate();
        Assert.True(File.Exists(Path.Combine(root, "index.html")));
        var images = Directory.GetFiles(Path.Combine(root, "images"));
        Assert.True(images.Length >= 2);
        // The PNGs are real PNGs.
        foreach (string png in images.Where(p => p.EndsWith(".png", StringComparison.Ordinal)))
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        }
    }

    [Fact]
    public void Every_relative_link_of_the_index_exists()
    {
        string root = DemoSite.Locate();
        string html = File.ReadAllText(Path.Combine(root, "index.html"));
        var links = Regex.Matches(html, "(?:src|href)=\"([^\":]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        foreach (string link in links)
        {
            string path = Path.Combine(root, link.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"missing {link}");
        }
    }
}
