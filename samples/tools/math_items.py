"""Competition-style math problems written for Rethink's samples (original items).

Each item carries its answer as LaTeX (what goes in \\boxed{}) and the exact value computed here in Python;
generate_samples.py checks that the LaTeX and the computed value agree and that the solution's last \\boxed{}
holds the answer.
"""
from fractions import Fraction as F
from math import comb, factorial, gcd, isqrt


def tex(x):
    """LaTeX for a Fraction: an integer, a terminating decimal when asked, else \\frac{p}{q} (sign in front)."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return f"{sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


ITEMS = []


def item(id, type_, level, problem, steps, value, answer_tex=None, slip=None):
    ITEMS.append(dict(id=id, type=type_, level=level, problem=problem, steps=steps, value=F(value),
                      answer=answer_tex if answer_tex is not None else tex(value), slip=slip))


def lcm(*xs):
    out = 1
    for x in xs:
        out = out * x // gcd(out, x)
    return out


def divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0]


# Algebra
item("m-001", "Algebra", 1, "Solve for $x$: $3x + 7 = 22$.",
     ["Subtract 7 from both sides: $3x = 15$.", "Divide by 3: $x = 5$."], F(22 - 7, 3))
item("m-002", "Algebra", 1, "Solve for $x$: $5x - 3 = 2x + 18$.",
     ["Subtract $2x$ and add 3: $3x = 21$.", "So $x = 7$."], F(18 + 3, 5 - 2))
fx = lambda x: 2 * x * x - 3 * x + 1
item("m-003", "Algebra", 1, "If $f(x) = 2x^2 - 3x + 1$, what is $f(4)$?",
     ["$f(4) = 2 \\cdot 16 - 12 + 1$.", f"$= 32 - 12 + 1 = {fx(4)}$."], fx(4))
r1, r2 = 4, 5
assert r1 * r2 == 20 and r1 + r2 == 9
item("m-004", "Algebra", 2, "What is the sum of the roots of $x^2 - 9x + 20 = 0$?",
     ["Factor: $(x - 4)(x - 5) = 0$, so the roots are 4 and 5.", "Their sum is $9$."], r1 + r2)
item("m-005", "Algebra", 2, "What is the product of the roots of $2x^2 + 5x - 12 = 0$?",
     ["For $ax^2 + bx + c = 0$ the product of the roots is $c/a$.", "Here that is $-12/2 = -6$."], F(-12, 2))
item("m-006", "Algebra", 1, "What is the slope of the line through $(1, 2)$ and $(5, 10)$?",
     ["Slope $= \\frac{10 - 2}{5 - 1} = \\frac{8}{4} = 2$."], F(10 - 2, 5 - 1))
# x/4 + x/6 = 5  ->  5x/12 = 5
item("m-007", "Algebra", 2, "Solve for $x$: $\\frac{x}{4} + \\frac{x}{6} = 5$.",
     ["The common denominator is 12: $\\frac{3x}{12} + \\frac{2x}{12} = \\frac{5x}{12}$.", "So $\\frac{5x}{12} = 5$ and $x = 12$."], F(5 * 12, 5))
item("m-008", "Algebra", 2, "The arithmetic sequence $7, 11, 15, \\ldots$ continues with the same difference. What is its 20th term?",
     ["The first term is 7 and the common difference is 4.", "The 20th term is $7 + 19 \\cdot 4 = 83$."], 7 + 19 * 4)
item("m-009", "Algebra", 2, "What is the sum of the first 50 positive odd integers?",
     ["The sum of the first $n$ odd integers is $n^2$.", "So the sum is $50^2 = 2500$."], sum(range(1, 100, 2)))
geo = sum(F(1, 2 ** k) for k in range(7))
item("m-010", "Algebra", 3, "Compute $1 + \\frac{1}{2} + \\frac{1}{4} + \\cdots + \\frac{1}{64}$. Express your answer as a common fraction.",
     ["This is a geometric series with 7 terms and ratio $\\frac{1}{2}$.", "Its sum is $\\frac{1 - (1/2)^7}{1 - 1/2} = 2 - \\frac{1}{64} = \\frac{127}{64}$."], geo)
item("m-011", "Algebra", 1, "If $2^{x+1} = 64$, what is $x$?",
     ["$64 = 2^6$, so $x + 1 = 6$.", "Hence $x = 5$."], 5)
item("m-012", "Prealgebra", 1, "Evaluate $\\frac{3^4 - 2^5}{7}$.",
     ["$3^4 = 81$ and $2^5 = 32$.", "$\\frac{81 - 32}{7} = \\frac{49}{7} = 7$."], F(3 ** 4 - 2 ** 5, 7))
x13, y13 = 7, 3
assert x13 + y13 == 10 and x13 - y13 == 4
item("m-013", "Algebra", 2, "If $x + y = 10$ and $x - y = 4$, what is $xy$?",
     ["Adding the equations gives $2x = 14$, so $x = 7$ and $y = 3$.", "Then $xy = 21$."], x13 * y13)
d14 = isqrt((4 - (-2)) ** 2 + (11 - 3) ** 2)
assert d14 * d14 == 36 + 64
item("m-014", "Geometry", 2, "What is the distance between the points $(-2, 3)$ and $(4, 11)$?",
     ["The differences are $6$ and $8$.", "The distance is $\\sqrt{6^2 + 8^2} = \\sqrt{100} = 10$."], d14)
item("m-015", "Algebra", 1, "What is the $y$-intercept of the line $3x + 4y = 12$?",
     ["Set $x = 0$: $4y = 12$.", "So $y = 3$."], F(12, 4))
sols16 = [x for x in range(-50, 51) if abs(2 * x - 5) == 9]
item("m-016", "Algebra", 2, "What is the sum of all solutions of $|2x - 5| = 9$?",
     ["Either $2x - 5 = 9$, so $x = 7$, or $2x - 5 = -9$, so $x = -2$.", "The sum is $7 + (-2) = 5$."], sum(sols16))
item("m-017", "Algebra", 3, "What is the smallest value of $x^2 - 6x + 13$ over all real $x$?",
     ["Complete the square: $x^2 - 6x + 13 = (x - 3)^2 + 4$.", "The square is at least 0, so the minimum is $4$."], min(F(x, 100) ** 2 - 6 * F(x, 100) + 13 for x in range(-1000, 1001)))
roots18 = [x for x in range(-50, 51) if x * x == 4 * x + 21]
item("m-018", "Algebra", 2, "What is the larger solution of $x^2 = 4x + 21$?",
     ["Rewrite as $x^2 - 4x - 21 = 0$, which factors as $(x - 7)(x + 3) = 0$.", "The solutions are $7$ and $-3$; the larger is $7$."], max(roots18))
# Fractions and arithmetic
item("m-019", "Prealgebra", 1, "Compute $\\frac{2}{3} + \\frac{3}{4}$. Express your answer as a common fraction.",
     ["$\\frac{2}{3} = \\frac{8}{12}$ and $\\frac{3}{4} = \\frac{9}{12}$.", "The sum is $\\frac{17}{12}$."], F(2, 3) + F(3, 4))
item("m-020", "Prealgebra", 1, "Compute $\\frac{5}{6} \\div \\frac{10}{9}$.",
     ["Dividing by $\\frac{10}{9}$ is multiplying by $\\frac{9}{10}$.", "$\\frac{5}{6} \\cdot \\frac{9}{10} = \\frac{45}{60} = \\frac{3}{4}$."], F(5, 6) / F(10, 9))
item("m-021", "Prealgebra", 2, "Compute $1 - \\frac{1}{2} - \\frac{1}{3} - \\frac{1}{12}$.",
     ["With denominator 12: $\\frac{12 - 6 - 4 - 1}{12}$.", "That is $\\frac{1}{12}$."], 1 - F(1, 2) - F(1, 3) - F(1, 12))
item("m-022", "Prealgebra", 1, "Write $\\frac{84}{126}$ in lowest terms.",
     ["$\\gcd(84, 126) = 42$.", "$\\frac{84}{126} = \\frac{2}{3}$."], F(84, 126))
item("m-023", "Prealgebra", 1, "Write $0.375$ as a common fraction in lowest terms.",
     ["$0.375 = \\frac{375}{1000}$.", "Dividing by 125 gives $\\frac{3}{8}$."], F("0.375"))
item("m-024", "Prealgebra", 1, "What is $\\frac{3}{5}$ of $\\frac{2}{9}$ of 45?",
     ["$\\frac{2}{9}$ of 45 is 10.", "$\\frac{3}{5}$ of 10 is 6."], F(3, 5) * F(2, 9) * 45)
item("m-025", "Prealgebra", 1, "Compute $\\left(\\frac{1}{2}\\right)^3 \\cdot 16$.",
     ["$\\left(\\frac{1}{2}\\right)^3 = \\frac{1}{8}$.", "$\\frac{1}{8} \\cdot 16 = 2$."], F(1, 8) * 16)
item("m-026", "Prealgebra", 2, "What is the arithmetic mean of $\\frac{3}{4}$ and $\\frac{5}{6}$? Express your answer as a common fraction.",
     ["$\\frac{3}{4} + \\frac{5}{6} = \\frac{9}{12} + \\frac{10}{12} = \\frac{19}{12}$.", "Half of that is $\\frac{19}{24}$."], (F(3, 4) + F(5, 6)) / 2)
item("m-027", "Prealgebra", 1, "What is the reciprocal of $2\\frac{1}{3}$?",
     ["$2\\frac{1}{3} = \\frac{7}{3}$.", "Its reciprocal is $\\frac{3}{7}$."], 1 / (2 + F(1, 3)))
# Counting and probability
item("m-028", "Counting & Probability", 2, "How many distinct arrangements of the letters in LEVEL are there?",
     ["LEVEL has 5 letters with L twice and E twice.", "The count is $\\frac{5!}{2!\\,2!} = \\frac{120}{4} = 30$."], F(factorial(5), factorial(2) * factorial(2)))
item("m-029", "Counting & Probability", 1, "In how many ways can a committee of 3 be chosen from 8 people?",
     ["This is $\\binom{8}{3} = \\frac{8 \\cdot 7 \\cdot 6}{6} = 56$."], comb(8, 3))
sevens = sum(1 for a in range(1, 7) for b in range(1, 7) if a + b == 7)
item("m-030", "Counting & Probability", 1, "Two fair six-sided dice are rolled. What is the probability that the sum is 7? Express your answer as a common fraction.",
     ["There are 36 equally likely outcomes.", "Six of them sum to 7: (1,6), (2,5), (3,4), (4,3), (5,2), (6,1).", "The probability is $\\frac{6}{36} = \\frac{1}{6}$."], F(sevens, 36))
item("m-031", "Counting & Probability", 2, "A fair coin is flipped 3 times. What is the probability of exactly 2 heads? Express your answer as a common fraction.",
     ["There are $2^3 = 8$ outcomes.", "$\\binom{3}{2} = 3$ of them have exactly two heads.", "The probability is $\\frac{3}{8}$."], F(comb(3, 2), 8))
item("m-032", "Number Theory", 2, "How many positive divisors does 72 have?",
     ["$72 = 2^3 \\cdot 3^2$.", "It has $(3 + 1)(2 + 1) = 12$ divisors."], len(divisors(72)))
odd3 = sum(1 for n in range(100, 1000) if all(int(c) % 2 == 1 for c in str(n)))
item("m-033", "Counting & Probability", 2, "How many three-digit positive integers have only odd digits?",
     ["Each of the three digits can be 1, 3, 5, 7 or 9.", "There are $5^3 = 125$ such numbers."], odd3)
item("m-034", "Counting & Probability", 1, "A pizza is made with 2 different toppings chosen from 6 and 1 sauce chosen from 3. How many different pizzas are possible?",
     ["Toppings: $\\binom{6}{2} = 15$ ways.", "Sauce: 3 ways.", "In total $15 \\cdot 3 = 45$ pizzas."], comb(6, 2) * 3)
item("m-035", "Counting & Probability", 3, "A bag holds 4 red and 6 blue marbles. Two marbles are drawn without replacement. What is the probability that both are red? Express your answer as a common fraction.",
     ["The first is red with probability $\\frac{4}{10}$, the second then with $\\frac{3}{9}$.", "$\\frac{4}{10} \\cdot \\frac{3}{9} = \\frac{12}{90} = \\frac{2}{15}$."], F(4, 10) * F(3, 9))
item("m-036", "Geometry", 2, "How many diagonals does a convex decagon have?",
     ["A convex $n$-gon has $\\frac{n(n - 3)}{2}$ diagonals.", "For $n = 10$: $\\frac{10 \\cdot 7}{2} = 35$."], F(10 * 7, 2))
item("m-037", "Counting & Probability", 2, "On a grid you move from $(0, 0)$ to $(4, 4)$ using unit steps right or up. How many different paths are there?",
     ["Every path has 8 steps, 4 of them right.", "There are $\\binom{8}{4} = 70$ paths."], comb(8, 4))
# Number theory and geometry
item("m-038", "Number Theory", 1, "What is the greatest common divisor of 84 and 126?",
     ["$84 = 2^2 \\cdot 3 \\cdot 7$ and $126 = 2 \\cdot 3^2 \\cdot 7$.", "The gcd is $2 \\cdot 3 \\cdot 7 = 42$."], gcd(84, 126))
item("m-039", "Number Theory", 2, "What is the least common multiple of 12, 18 and 30?",
     ["$12 = 2^2 \\cdot 3$, $18 = 2 \\cdot 3^2$, $30 = 2 \\cdot 3 \\cdot 5$.", "The lcm is $2^2 \\cdot 3^2 \\cdot 5 = 180$."], lcm(12, 18, 30))
item("m-040", "Number Theory", 2, "What is the remainder when $2^{10}$ is divided by 7?",
     ["$2^3 = 8 \\equiv 1 \\pmod 7$.", "$2^{10} = (2^3)^3 \\cdot 2 \\equiv 2 \\pmod 7$."], 2 ** 10 % 7)
item("m-041", "Geometry", 1, "What is the sum of the interior angles of a hexagon, in degrees?",
     ["The sum for an $n$-gon is $180(n - 2)$ degrees.", "For $n = 6$: $180 \\cdot 4 = 720$."], 180 * (6 - 2))
item("m-042", "Geometry", 1, "What is the area of the triangle with vertices $(0, 0)$, $(6, 0)$ and $(0, 8)$?",
     ["It is a right triangle with legs 6 and 8.", "Its area is $\\frac{6 \\cdot 8}{2} = 24$."], F(6 * 8, 2))
hyp = isqrt(9 * 9 + 12 * 12)
assert hyp * hyp == 225
item("m-043", "Geometry", 1, "A right triangle has legs of length 9 and 12. How long is its hypotenuse?",
     ["$9^2 + 12^2 = 81 + 144 = 225$.", "The hypotenuse is $\\sqrt{225} = 15$."], hyp)
item("m-044", "Number Theory", 2, "What is the units digit of $3^{2025}$?",
     ["The units digits of powers of 3 repeat with period 4: 3, 9, 7, 1.", "$2025 = 4 \\cdot 506 + 1$, so the units digit is 3."], pow(3, 2025, 10))
item("m-045", "Algebra", 1, "Compute $1 + 2 + 3 + \\cdots + 100$.",
     ["The sum is $\\frac{100 \\cdot 101}{2} = 5050$."], sum(range(1, 101)))
sol46 = [x for x in range(-50, 51) if x != -2 and F(x - 1, x + 2) == F(2, 5)]
item("m-046", "Algebra", 2, "Solve for $x$: $\\frac{x - 1}{x + 2} = \\frac{2}{5}$.",
     ["Cross-multiply: $5(x - 1) = 2(x + 2)$.", "$5x - 5 = 2x + 4$, so $3x = 9$ and $x = 3$."], sol46[0])
item("m-047", "Prealgebra", 1, "What is $15\\%$ of 48? Express your answer as a decimal.",
     ["$0.15 \\cdot 48 = 7.2$."], F(15 * 48, 100), answer_tex="7.2")
item("m-048", "Algebra", 1, "Solve for $x$: $4 - 3x = 19$.",
     ["Subtract 4: $-3x = 15$.", "Divide by $-3$: $x = -5$."], F(19 - 4, -3))
