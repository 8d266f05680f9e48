using System.Text;

namespace ActorQuic.Host.Tests;

/// <summary>A thread-safe TextWriter that lets a test wait for a line (serve prints its address).</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _current = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value == '\n')
            {
                _lines.Add(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else _current.Append(value);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_text) return [.. _lines]; }
    }

    public override string ToString()
    {
        lock (_text) return _text.ToString();
    }

    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in Lines)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no line starting with '{prefix}' in:\n{this}");
    }
}
