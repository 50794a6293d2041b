using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReviewConsole.Core.Rollouts;

/// <summary>
/// Which arm a unit (a customer id, else the item's externalId) is in during a rollout. Each unit gets a fixed
/// position in [0, 1) from a hash of the rollout's seed and the unit key; it sees the challenger while its position
/// is below the current share. As the share grows a unit that saw the challenger keeps seeing it, and units are
/// never reshuffled between replicas or restarts. A new rollout (a new seed) draws new positions.
/// </summary>
public static class StickyAssignment
{
    /// <summary>The unit's position in [0, 1): the first 8 bytes of SHA-256(seed, NUL, unit key) over 2^64.</summary>
    public static double Position(string seed, string unitKey)
    {
        var bytes = Encoding.UTF8.GetBytes($"{seed}\0{unitKey}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0;
    }

    /// <param name="percent">The challenger's share of units, 0 to 100.</param>
    public static bool SeesChallenger(string seed, string unitKey, double percent) => Position(seed, unitKey) < percent / 100;
}
