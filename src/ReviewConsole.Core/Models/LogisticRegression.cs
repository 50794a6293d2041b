using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Simd = System.Numerics.Vector<double>;

namespace ReviewConsole.Core.Models;

/// <summary>Rows of features (row-major, n x d) and their class indices.</summary>
public sealed record DesignMatrix(double[] Values, int Rows, int Columns, int[] Classes, int ClassCount)
{
    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Columns, Columns);
}

/// <summary>
/// Multinomial logistic regression with an L2 penalty on the weights (not the biases), fitted by
/// MathNet's L-BFGS. The objective is scikit-learn's (sum of log-losses + ||W||^2 / 2C), divided by n.
/// The gradient runs over fixed-size row chunks in parallel and sums them in chunk order, so the result
/// does not depend on the number of cores: the same data and options give the same model.
/// </summary>
public static class LogisticRegression
{
    private const int ChunkRows = 2048;

    /// <summary>Weights laid out class by class: d weights then the bias; k x (d + 1) values.</summary>
    public static double[] Fit(DesignMatrix data, double c, int maxIterations, Action<int>? onIteration = null, CancellationToken ct = default)
    {
        var k = data.ClassCount;
        var width = data.Columns + 1;
        var best = new double[k * width];
        var bestValue = double.PositiveInfinity;
        var evaluations = 0;
        var objective = ObjectiveFunction.Gradient(theta =>
        {
            ct.ThrowIfCancellationRequested();
            var parameters = theta.AsArray() ?? theta.ToArray();
            var gradient = new double[parameters.Length];
            var value = ValueAndGradient(data, parameters, c, gradient);
            if (value < bestValue)
            {
                bestValue = value;
                Array.Copy(parameters, best, best.Length);
            }
            onIteration?.Invoke(++evaluations);
            return (value, Vector<double>.Build.DenseOfArray(gradient));
        });
        try
        {
            var result = new LimitedMemoryBfgsMinimizer(1e-6, 1e-12, 1e-12, 10, maxIterations)
                .FindMinimum(objective, Vector<double>.Build.Dense(k * width));
            return result.MinimizingPoint.ToArray();
        }
        catch (Exception ex) when (ex is MaximumIterationsException or InnerOptimizationException)
        {
            // Out of iterations (or the line search gave up near the optimum): the best point seen is the answer.
            return best;
        }
    }

    /// <summary>The objective at theta; writes its gradient. Public for the numerical gradient check.</summary>
    public static double ValueAndGradient(DesignMatrix data, double[] theta, double c, double[] gradient)
    {
        int k = data.ClassCount, d = data.Columns, width = d + 1, chunks = (data.Rows + ChunkRows - 1) / ChunkRows;
        var partialGradients = new double[chunks][];
        var partialLosses = new double[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            var g = partialGradients[chunk] = new double[theta.Length];
            var scores = new double[k];
            double loss = 0;
            var end = Math.Min(data.Rows, (chunk + 1) * ChunkRows);
            for (var i = chunk * ChunkRows; i < end; i++)
            {
                var x = data.Row(i);
                var max = double.NegativeInfinity;
                for (var cls = 0; cls < k; cls++)
                {
                    scores[cls] = Dot(theta.AsSpan(cls * width, d), x) + theta[cls * width + d];
                    max = Math.Max(max, scores[cls]);
                }
                double sum = 0;
                for (var cls = 0; cls < k; cls++)
                    sum += scores[cls] = Math.Exp(scores[cls] - max);
                var y = data.Classes[i];
                loss += Math.Log(sum) - Math.Log(scores[y]);
                for (var cls = 0; cls < k; cls++)
                {
                    var residual = scores[cls] / sum - (cls == y ? 1 : 0);
                    AddScaled(g.AsSpan(cls * width, d), x, residual);
                    g[cls * width + d] += residual;
                }
            }
            partialLosses[chunk] = loss;
        });

        Array.Clear(gradient);
        double total = 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            total += partialLosses[chunk];
            AddScaled(gradient, partialGradients[chunk], 1);
        }
        var n = (double)data.Rows;
        var penalty = 1 / (c * n);
        double squares = 0;
        for (var cls = 0; cls < k; cls++)
        {
            for (var j = 0; j < d; j++)
            {
                var w = theta[cls * width + j];
                squares += w * w;
                gradient[cls * width + j] = gradient[cls * width + j] / n + penalty * w;
            }
            gradient[cls * width + d] /= n;
        }
        return total / n + penalty * squares / 2;
    }

    /// <summary>Class scores (logits) of one row.</summary>
    public static void Scores(double[] theta, int classes, ReadOnlySpan<double> x, Span<double> scores)
    {
        var width = x.Length + 1;
        for (var cls = 0; cls < classes; cls++)
            scores[cls] = Dot(theta.AsSpan(cls * width, x.Length), x) + theta[cls * width + x.Length];
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Simd.Zero;
        var i = 0;
        for (; i <= a.Length - Simd.Count; i += Simd.Count)
            sum += new Simd(a[i..]) * new Simd(b[i..]);
        var result = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
            result += a[i] * b[i];
        return result;
    }

    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        var i = 0;
        var s = new Simd(scale);
        for (; i <= target.Length - Simd.Count; i += Simd.Count)
            (new Simd(target[i..]) + s * new Simd(source[i..])).CopyTo(target[i..]);
        for (; i < target.Length; i++)
            target[i] += scale * source[i];
    }
}
