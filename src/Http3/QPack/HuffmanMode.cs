namespace ActorQuic.Http3.QPack;

/// <summary>When the encoder Huffman-codes string literals (RFC 9204 §4.1.2, the 'H' bit).</summary>
public enum HuffmanMode
{
    /// <summary>Huffman-code a string only when that makes it strictly shorter (the default).</summary>
    WhenShorter,

    /// <summary>Always send raw octets (what RFC 9204 Appendix B's examples do).</summary>
    Never,

    /// <summary>Always Huffman-code, even when that is longer.</summary>
    Always,
}
