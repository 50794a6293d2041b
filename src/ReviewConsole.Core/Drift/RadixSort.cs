using System.Buffers;
using System.Runtime.InteropServices;

namespace ReviewConsole.Core.Drift;

/// <summary>
/// Sorts doubles ascending by their bit patterns: four 16-bit LSD radix passes, O(n), several times
/// faster than a comparison sort on the million-row windows of a drift report. In place, with one pooled
/// buffer and all four histograms counted in a single pass. NaNs sort last.
/// </summary>
public static class RadixSort
{
    private const int Passes = 4;
    private const int Radix = 1 << 16;

    public static void Sort(double[] values)
    {
        var n = values.Length;
        var keys = MemoryMarshal.Cast<double, ulong>(values.AsSpan());
        var counts = new int[Passes * Radix];
        for (var i = 0; i < n; i++)
        {
            var bits = keys[i];
            // Negative numbers: flip every bit; positive: flip the sign bit. Then unsigned order is numeric order.
            var key = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
            keys[i] = key;
            for (var p = 0; p < Passes; p++)
                counts[p * Radix + (int)((key >> (16 * p)) & 0xFFFF)]++;
        }
        for (var p = 0; p < Passes; p++)
        {
            var total = 0;
            for (var b = p * Radix; b < (p + 1) * Radix; b++)
                (counts[b], total) = (total, total + counts[b]);
        }
        var rented = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            Span<ulong> source = keys, target = rented.AsSpan(0, n);
            for (var p = 0; p < Passes; p++)
            {
                var offsets = counts.AsSpan(p * Radix, Radix);
                var shift = 16 * p;
                foreach (var key in source)
                    target[offsets[(int)((key >> shift) & 0xFFFF)]++] = key;
                var swap = source;
                source = target;
                target = swap;
            }
            // An even number of passes leaves the keys back in the caller's array.
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            keys[i] = (key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key;
        }
    }
}
