using System.Reflection;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests;

/// <summary>
/// DESIGN.md: src/Protocol is sans-IO — it references only the BCL and BouncyCastle, opens no
/// sockets and reads no clock (time is a parameter).
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Protocol = typeof(QuicVarint).Assembly;

    [Fact]
    public void Protocol_references_only_the_bcl_and_bouncycastle()
    {
        var foreign = Protocol.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => !(name == "netstandard" || name.StartsWith("System", StringComparison.Ordinal)
                             || name == "BouncyCastle.Cryptography"))
            .ToList();
        Assert.Empty(foreign);
    }

    [Fact]
    public void Protocol_calls_no_clock_socket_or_timer()
    {
        var calls = CalledMembers().ToList();
        Assert.NotEmpty(calls); // the scan itself works
        var offenders = calls
            .Where(m => m.DeclaringType is { } t && (
                t.Namespace == "System.Net.Sockets"
                || t == typeof(System.Diagnostics.Stopwatch)
                || t == typeof(System.Threading.Timer)
                || t == typeof(TimeProvider)
                || (t == typeof(DateTime) && m.Name is "get_Now" or "get_UtcNow" or "get_Today")
                || (t == typeof(DateTimeOffset) && m.Name is "get_Now" or "get_UtcNow")
                || (t == typeof(Environment) && m.Name.StartsWith("get_TickCount", StringComparison.Ordinal))))
            .Select(m => $"{m.DeclaringType}.{m.Name}")
            .Distinct()
            .ToList();
        Assert.Empty(offenders);
    }

    /// <summary>Members referenced by call, callvirt and newobj instructions in every method body.</summary>
    private static IEnumerable<MethodBase> CalledMembers()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                 | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in Protocol.GetTypes())
        {
            var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
            foreach (var method in methods)
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                for (int i = 0; i + 4 < il.Length; i++)
                {
                    // call 0x28, callvirt 0x6F, newobj 0x73, each followed by a 4-byte method token.
                    if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
                    int token = BitConverter.ToInt32(il, i + 1);
                    int table = token >>> 24;
                    if (table is not (0x06 or 0x0A or 0x2B)) continue;
                    MethodBase? called = null;
                    try
                    {
                        called = type.Module.ResolveMethod(token,
                            type.IsGenericType ? type.GetGenericArguments() : null,
                            method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                        // A byte that merely looked like an opcode: not a real call site.
                    }
                    if (called is not null) yield return called;
                }
            }
        }
    }
}
