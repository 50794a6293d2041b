namespace ReviewConsole.Core.Models;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one scalar T dividing the logits, chosen to minimise the
/// negative log-likelihood on a validation split. It changes confidences, never the predicted class.
/// </summary>
public static class Calibrator
{
    public static double FitTemperature(IReadOnlyList<double[]> logits, IReadOnlyList<int> classes)
    {
        if (logits.Count == 0)
            return 1;
        // NLL is unimodal in log T; golden-section search over T in [0.05, 20].
        double lo = Math.Log(0.05), hi = Math.Log(20);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
        double fa = Nll(logits, classes, Math.Exp(a)), fb = Nll(logits, classes, Math.Exp(b));
        for (var i = 0; i < 60; i++)
        {
            if (fa < fb)
            {
                (hi, b, fb) = (b, a, fa);
                a = hi - ratio * (hi - lo);
                fa = Nll(logits, classes, Math.Exp(a));
            }
            else
            {
                (lo, a, fa) = (a, b, fb);
                b = lo + ratio * (hi - lo);
                fb = Nll(logits, classes, Math.Exp(b));
            }
        }
        return Math.Exp((lo + hi) / 2);
    }

    public static double Nll(IReadOnlyList<double[]> logits, IReadOnlyList<int> classes, double temperature)
    {
        double total = 0;
        for (var i = 0; i < logits.Count; i++)
        {
            var z = logits[i];
            var max = z.Max() / temperature;
            double sum = 0;
            foreach (var v in z)
                sum += Math.Exp(v / temperature - max);
            total += Math.Log(sum) + max - z[classes[i]] / temperature;
        }
        return total / logits.Count;
    }

    public static double[] Softmax(ReadOnlySpan<double> logits, double temperature)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
            max = Math.Max(max, v / temperature);
        var p = new double[logits.Length];
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
            sum += p[i] = Math.Exp(logits[i] / temperature - max);
        for (var i = 0; i < p.Length; i++)
            p[i] /= sum;
        return p;
    }
}
