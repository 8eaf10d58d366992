using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class AgreementTests
{
    [Fact]
    public void Cohens_kappa_of_a_two_by_two_table()
    {
        // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        // po = (20 + 15) / 50 = 0.7; rater 1 says yes 25/50, rater 2 says yes 30/50;
        // pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
        var r1 = new List<string>();
        var r2 = new List<string>();
        void Add(string a, string b, int n)
        {
            r1.AddRange(Enumerable.Repeat(a, n));
            r2.AddRange(Enumerable.Repeat(b, n));
        }

        Add("yes", "yes", 20);
        Add("yes", "no", 5);
        Add("no", "yes", 10);
        Add("no", "no", 15);

        Assert.Equal(0.4, Agreement.CohensKappa(r1, r2)!.Value, 12);
    }

    [Fact]
    public void Cohens_kappa_is_one_for_perfect_agreement_and_undefined_for_a_single_category()
    {
        Assert.Equal(1.0, Agreement.CohensKappa(["a", "b", "a"], ["a", "b", "a"])!.Value, 15);
        Assert.Null(Agreement.CohensKappa(["a", "a"], ["a", "a"]));
        Assert.Throws<ArgumentException>(() => Agreement.CohensKappa(["a"], ["a", "b"]));
    }

    // Fleiss (1971) as tabulated in many textbooks: 10 items, 14 raters, 5 categories.
    // P = 0.378021978..., Pe = 0.212755102..., kappa = (P - Pe) / (1 - Pe) = 0.20993070442195524
    // (exact rational arithmetic in Python).
    private static readonly IReadOnlyList<IReadOnlyList<int>> FleissTable =
    [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];

    [Fact]
    public void Fleiss_kappa_of_the_classic_table()
    {
        Assert.Equal(0.20993070442195524, Agreement.FleissKappa(FleissTable)!.Value, 12);
    }

    [Fact]
    public void Fleiss_kappa_from_labels_equals_the_count_form()
    {
        var labels = FleissTable
            .Select(row => (IReadOnlyList<string>)row.SelectMany((n, j) => Enumerable.Repeat("c" + j, n)).ToList())
            .ToList();

        Assert.Equal(Agreement.FleissKappa(FleissTable)!.Value, Agreement.FleissKappa(labels)!.Value, 15);
    }

    [Fact]
    public void Fleiss_kappa_of_a_small_hand_case()
    {
        // 2 items, 3 raters, 2 categories: [3, 0], [1, 2].
        // P_1 = (9 - 3) / 6 = 1; P_2 = (1 + 4 - 3) / 6 = 1/3; P = 2/3.
        // p = (4/6, 2/6); Pe = 16/36 + 4/36 = 5/9; kappa = (2/3 - 5/9) / (4/9) = (1/9) / (4/9) = 1/4.
        Assert.Equal(0.25, Agreement.FleissKappa([[3, 0], [1, 2]])!.Value, 15);
        Assert.Null(Agreement.FleissKappa([[3, 0], [3, 0]]));
        Assert.Throws<ArgumentException>(() => Agreement.FleissKappa([[3, 0], [1, 1]]));
    }
}
