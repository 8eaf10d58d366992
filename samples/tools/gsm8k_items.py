"""Grade-school word problems written for Rethink's samples (original items).

Every answer is computed here from the numbers in the question, never typed in by hand; generate_samples.py
turns these into samples/gsm8k-sample.jsonl and checks each one.
Each item: id, question, solution steps (text with computed values), answer (a Fraction), and a "slip": a
plausible wrong answer with the faulty step, used for the hand-made response files.
"""
from fractions import Fraction as F


def num(x):
    """Plain decimal text for a Fraction with a terminating decimal (no thousands separators)."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    s = f"{float(x):.10f}".rstrip("0").rstrip(".")
    assert F(s) == x, (x, s)
    return s


def money(x):
    x = F(x)
    return f"${num(x)}" if x.denominator == 1 else f"${float(x):.2f}"


ITEMS = []


def item(id, question, steps, answer, slip_value, slip_step):
    ITEMS.append(dict(id=id, question=question, steps=steps, answer=F(answer), slip=(F(slip_value), slip_step)))


# 1
trays, per, given = 4, 18, 25
baked = trays * per
item("gs-001",
     f"Maya bakes {trays} trays of cookies with {per} cookies on each tray. She gives {given} cookies to her neighbors. How many cookies does she have left?",
     [f"Maya bakes {trays} x {per} = {baked} cookies.", f"After giving away {given}, she has {baked} - {given} = {baked - given} cookies left."],
     baked - given, baked + given, f"She has {baked} + {given} = {baked + given} cookies.")

# 2
fare, rides_per_day, days = 3, 2, 5
rides = rides_per_day * days
item("gs-002",
     f"A bus ride costs ${fare}. Leo takes the bus {rides_per_day} times a day for {days} days. How many dollars does he spend on bus rides?",
     [f"Leo takes {rides_per_day} x {days} = {rides} rides.", f"He spends {rides} x ${fare} = ${rides * fare}."],
     rides * fare, days * fare, f"He spends {days} x ${fare} = ${days * fare}.")

# 3
hens, eggs_each, carton = 36, 5, 12
eggs = hens * eggs_each
item("gs-003",
     f"A farmer has {hens} hens. Each hen lays {eggs_each} eggs a week. The farmer packs the eggs in cartons of {carton}. How many cartons does the farmer fill each week?",
     [f"The hens lay {hens} x {eggs_each} = {eggs} eggs a week.", f"That fills {eggs} / {carton} = {eggs // carton} cartons."],
     F(eggs, carton), F(eggs * 7, carton), f"The hens lay {hens} x {eggs_each} x 7 = {eggs * 7} eggs, which fill {eggs * 7} / {carton} = {eggs * 7 // carton} cartons.")

# 4
pages_day, book = 24, 312
item("gs-004",
     f"Priya reads {pages_day} pages a day. Her book has {book} pages. How many days does it take her to finish the book?",
     [f"It takes {book} / {pages_day} = {book // pages_day} days."],
     F(book, pages_day), 12, f"{book} / {pages_day} is about 12 days.")

# 5
price, off = 40, 25
discount = F(price * off, 100)
item("gs-005",
     f"A shirt costs ${price}. It is on sale for {off}% off. What is the sale price in dollars?",
     [f"The discount is {off}% of ${price} = ${num(discount)}.", f"The sale price is ${price} - ${num(discount)} = ${num(price - discount)}."],
     price - discount, discount, f"The discount is {off}% of ${price} = ${num(discount)}, so the price is ${num(discount)}.")

# 6
ben, more = 9, 14
ana = ben + more
sam = 2 * ana
item("gs-006",
     f"Sam has twice as many marbles as Ana. Ana has {more} more marbles than Ben, and Ben has {ben} marbles. How many marbles do the three of them have together?",
     [f"Ana has {ben} + {more} = {ana} marbles.", f"Sam has 2 x {ana} = {sam} marbles.", f"Together they have {ben} + {ana} + {sam} = {ben + ana + sam} marbles."],
     ben + ana + sam, ana + sam, f"Together Ana and Sam have {ana} + {sam} = {ana + sam} marbles.")

# 7
length, width, cost = 12, 7, 6
perimeter = 2 * (length + width)
item("gs-007",
     f"A rectangular garden is {length} meters long and {width} meters wide. Fencing costs ${cost} per meter. How much does it cost to fence the whole garden?",
     [f"The perimeter is 2 x ({length} + {width}) = {perimeter} meters.", f"The fence costs {perimeter} x ${cost} = ${perimeter * cost}."],
     perimeter * cost, length * width * cost, f"The area is {length} x {width} = {length * width}, so the cost is {length * width} x ${cost} = ${length * width * cost}.")

# 8
students = 28
passed = students * F(3, 4)
item("gs-008",
     f"In a class of {students} students, three quarters passed the spelling test. How many students did not pass?",
     [f"{students} x 3/4 = {num(passed)} students passed.", f"So {students} - {num(passed)} = {num(students - passed)} did not pass."],
     students - passed, passed, f"{students} x 3/4 = {num(passed)} students did not pass.")

# 9
capacity, rate, already = 1500, 60, 300
item("gs-009",
     f"A water tank holds 1,500 liters and already contains {already} liters. A pump adds {rate} liters per minute. How many minutes until the tank is full?",
     [f"The tank needs {capacity} - {already} = {capacity - already} more liters.", f"At {rate} liters per minute that takes {capacity - already} / {rate} = {(capacity - already) // rate} minutes."],
     F(capacity - already, rate), F(capacity, rate), f"It takes {capacity} / {rate} = {capacity // rate} minutes.")

# 10
wage, short_days, short_hours, long_hours = 15, 4, 6, 8
hours = short_days * short_hours + long_hours
item("gs-010",
     f"Jonah earns ${wage} an hour. He works {short_hours} hours a day from Monday to Thursday and {long_hours} hours on Friday. How much does he earn that week?",
     [f"Monday to Thursday he works {short_days} x {short_hours} = {short_days * short_hours} hours.", f"With Friday that is {short_days * short_hours} + {long_hours} = {hours} hours.", f"He earns {hours} x ${wage} = ${hours * wage}."],
     hours * wage, (5 * short_hours) * wage, f"He works 5 x {short_hours} = 30 hours and earns 30 x ${wage} = ${30 * wage}.")

# 11
slices, friends, each = 8, 5, 3
eaten = friends * each
item("gs-011",
     f"A pizza is cut into {slices} slices. {friends} friends each want {each} slices. What is the smallest number of whole pizzas they must order?",
     [f"They want {friends} x {each} = {eaten} slices.", f"{eaten} / {slices} = {num(F(eaten, slices))}, so one pizza is not enough and they need 2 pizzas."],
     -(-eaten // slices), 1, f"{eaten} / {slices} = {num(F(eaten, slices))}, which rounds to 1 pizza.")

# 12
d1, t1, d2, t2 = 180, 2, 150, 3
item("gs-012",
     f"A train travels {d1} km in {t1} hours and then {d2} km in {t2} hours. What is its average speed for the whole trip, in km per hour?",
     [f"Total distance: {d1} + {d2} = {d1 + d2} km.", f"Total time: {t1} + {t2} = {t1 + t2} hours.", f"Average speed: {d1 + d2} / {t1 + t2} = {(d1 + d2) // (t1 + t2)} km per hour."],
     F(d1 + d2, t1 + t2), F(F(d1, t1) + F(d2, t2), 2), f"The speeds are {d1 // t1} and {d2 // t2}, and their average is {num(F(F(d1, t1) + F(d2, t2), 2))}.")

# 13
weekly, bike, has = 12, 150, 42
item("gs-013",
     f"Lena saves ${weekly} every week. She wants a bike that costs ${bike} and already has ${has}. How many weeks must she save?",
     [f"She still needs ${bike} - ${has} = ${bike - has}.", f"That takes {bike - has} / {weekly} = {(bike - has) // weekly} weeks."],
     F(bike - has, weekly), F(bike, weekly), f"She needs {bike} / {weekly} = {num(F(bike, weekly))} weeks.")

# 14
unit, count, paid = F(5, 2), 8, 50
item("gs-014",
     f"Notebooks cost $2.50 each. Ravi buys {count} notebooks and pays with a ${paid} bill. How much change does he get?",
     [f"The notebooks cost {count} x $2.50 = ${num(unit * count)}.", f"His change is ${paid} - ${num(unit * count)} = ${num(paid - unit * count)}."],
     paid - unit * count, unit * count, f"The notebooks cost ${num(unit * count)}, so the answer is {num(unit * count)}.")

# 15
rows, per_row, removed = 15, 22, 30
item("gs-015",
     f"An orchard has {rows} rows of {per_row} apple trees. The owner removes {removed} old trees. How many trees are left?",
     [f"There are {rows} x {per_row} = {rows * per_row} trees.", f"After removing {removed}, {rows * per_row} - {removed} = {rows * per_row - removed} remain."],
     rows * per_row - removed, rows * per_row, f"There are {rows} x {per_row} = {rows * per_row} trees.")

# 16
cups, batch, want = 3, 24, 40
item("gs-016",
     f"A recipe uses {cups} cups of flour to make {batch} muffins. How many cups of flour are needed for {want} muffins?",
     [f"Each muffin needs {cups}/{batch} = 1/8 cup of flour.", f"{want} muffins need {want} x 1/8 = {num(F(cups * want, batch))} cups."],
     F(cups * want, batch), 6, f"{want} muffins is about twice as many, so 2 x {cups} = 6 cups.")

# 17
start_min = 19 * 60 + 50
length_min = 2 * 60 + 15
end_min = start_min + length_min
item("gs-017",
     "A movie lasts 2 hours 15 minutes and starts at 7:50 pm. How many minutes after 9:00 pm does it end?",
     [f"The movie lasts 2 x 60 + 15 = {length_min} minutes.", f"7:50 pm plus {length_min} minutes is 10:05 pm.", f"10:05 pm is {end_min - 21 * 60} minutes after 9:00 pm."],
     end_min - 21 * 60, 75, "7:50 pm plus 2 hours 15 minutes is 10:15 pm, which is 75 minutes after 9:00 pm.")

# 18
boxes, crayons, kids = 3, 48, 9
item("gs-018",
     f"Carlos has {boxes} boxes of {crayons} crayons. He shares all of them equally among {kids} children. How many crayons does each child get?",
     [f"He has {boxes} x {crayons} = {boxes * crayons} crayons.", f"Each child gets {boxes * crayons} / {kids} = {boxes * crayons // kids} crayons."],
     F(boxes * crayons, kids), F(boxes * crayons, 8), f"Each child gets {boxes * crayons} / 8 = {boxes * crayons // 8} crayons.")

# 19
t0, rise, hours = -4, 3, 6
item("gs-019",
     f"At 6 am the temperature is {t0} degrees Celsius. It rises {rise} degrees every hour. What is the temperature at noon?",
     [f"From 6 am to noon is {hours} hours.", f"The temperature rises {hours} x {rise} = {hours * rise} degrees.", f"At noon it is {t0} + {hours * rise} = {t0 + hours * rise} degrees."],
     t0 + hours * rise, hours * rise - t0, f"It is {hours * rise} + 4 = {hours * rise + 4} degrees.")

# 20
apples, pct, tuesday = 250, 40, 60
monday = apples * pct // 100
item("gs-020",
     f"A store has {apples} apples. It sells {pct}% of them on Monday and {tuesday} more on Tuesday. How many apples are left?",
     [f"On Monday it sells {pct}% of {apples} = {monday} apples.", f"It sells {monday} + {tuesday} = {monday + tuesday} apples in all.", f"{apples} - {monday + tuesday} = {apples - monday - tuesday} apples are left."],
     apples - monday - tuesday, apples - pct - tuesday, f"It sells {pct} + {tuesday} = {pct + tuesday} apples, leaving {apples - pct - tuesday}.")

# 21
laps, lap_m, week = 3, 400, 7
meters = laps * lap_m * week
item("gs-021",
     f"Nora runs {laps} laps of a {lap_m}-meter track every day for a week. How many kilometers does she run that week?",
     [f"Each day she runs {laps} x {lap_m} = {laps * lap_m} meters.", f"In {week} days she runs {week} x {laps * lap_m} = {meters} meters.", f"That is {meters} / 1000 = {num(F(meters, 1000))} kilometers."],
     F(meters, 1000), meters, f"She runs {meters} in a week.")

# 22
first, extra, hours22 = 4, F(5, 2), 5
item("gs-022",
     f"Parking costs ${first} for the first hour and $2.50 for each additional hour. How much does it cost to park for {hours22} hours?",
     [f"After the first hour there are {hours22 - 1} more hours.", f"Those cost {hours22 - 1} x $2.50 = ${num(extra * (hours22 - 1))}.", f"The total is ${first} + ${num(extra * (hours22 - 1))} = ${num(first + extra * (hours22 - 1))}."],
     first + extra * (hours22 - 1), first + extra * hours22, f"The total is ${first} + {hours22} x $2.50 = ${num(first + extra * hours22)}.")

# 23
adult, child, na, nc = 12, 7, 2, 3
item("gs-023",
     f"Museum tickets cost ${adult} for adults and ${child} for children. How much do {na} adults and {nc} children pay in total?",
     [f"Adults pay {na} x ${adult} = ${na * adult}.", f"Children pay {nc} x ${child} = ${nc * child}.", f"In total they pay ${na * adult} + ${nc * child} = ${na * adult + nc * child}."],
     na * adult + nc * child, nc * adult + na * child, f"They pay {nc} x ${adult} + {na} x ${child} = ${nc * adult + na * child}.")

# 24
base, per_text, included, sent = 35, F(1, 10), 200, 260
item("gs-024",
     f"A phone plan costs ${base} a month and includes {included} text messages. Each extra text costs $0.10. Zoe sends {sent} texts this month. What is her bill in dollars?",
     [f"She sends {sent} - {included} = {sent - included} extra texts.", f"They cost {sent - included} x $0.10 = ${num(per_text * (sent - included))}.", f"Her bill is ${base} + ${num(per_text * (sent - included))} = ${num(base + per_text * (sent - included))}."],
     base + per_text * (sent - included), base + per_text * sent, f"The texts cost {sent} x $0.10 = $26, so the bill is $61.")

# 25
ribbon_cm, piece = 500, 35
item("gs-025",
     f"A ribbon is 5 meters long. Ines cuts as many {piece} cm pieces from it as she can. How many centimeters of ribbon are left over?",
     [f"5 meters is {ribbon_cm} cm.", f"{ribbon_cm} / {piece} = {ribbon_cm // piece} whole pieces, using {ribbon_cm // piece} x {piece} = {(ribbon_cm // piece) * piece} cm.", f"{ribbon_cm} - {(ribbon_cm // piece) * piece} = {ribbon_cm % piece} cm are left over."],
     ribbon_cm % piece, ribbon_cm // piece, f"She cuts {ribbon_cm // piece} pieces.")

# 26  3d + 12 = 2(d + 12)
d = 12
assert 3 * d + 12 == 2 * (d + 12)
item("gs-026",
     "Amir is 3 times as old as his daughter. In 12 years he will be twice as old as she will be. How old is his daughter now?",
     ["Let the daughter be d years old; Amir is 3d.", "In 12 years: 3d + 12 = 2(d + 12) = 2d + 24.", f"So d = 24 - 12 = {d}."],
     d, 6, "3d + 12 = 2d + 12 + 6, so d = 6.")

# 27
packs, per_pack, kids27, each27 = 14, 25, 30, 11
item("gs-027",
     f"A school orders {packs} packs of {per_pack} pencils. Each of its {kids27} students gets {each27} pencils. How many pencils are left?",
     [f"The school has {packs} x {per_pack} = {packs * per_pack} pencils.", f"The students get {kids27} x {each27} = {kids27 * each27} pencils.", f"{packs * per_pack} - {kids27 * each27} = {packs * per_pack - kids27 * each27} pencils are left."],
     packs * per_pack - kids27 * each27, packs * per_pack - kids27 - each27, f"{packs * per_pack} - {kids27} - {each27} = {packs * per_pack - kids27 - each27}.")

# 28
growth, height, weeks = F(3, 2), 12, 10
item("gs-028",
     f"Ella's plant is {height} cm tall and grows 1.5 cm every week. How tall is it after {weeks} weeks, in centimeters?",
     [f"It grows {weeks} x 1.5 = {num(growth * weeks)} cm.", f"Its height is {height} + {num(growth * weeks)} = {num(height + growth * weeks)} cm."],
     height + growth * weeks, growth * weeks, f"It grows {num(growth * weeks)} cm.")

# 29
per100, trip, price29 = 6, 450, F(9, 5)
liters = F(per100 * trip, 100)
item("gs-029",
     f"A car uses {per100} liters of fuel per 100 km. Fuel costs $1.80 per liter. How much does the fuel cost for a {trip} km trip, in dollars?",
     [f"The trip uses {trip} / 100 x {per100} = {num(liters)} liters.", f"The fuel costs {num(liters)} x $1.80 = ${num(liters * price29)}."],
     liters * price29, F(trip, 100) * price29, f"The trip is {num(F(trip, 100))} hundred km, so it costs {num(F(trip, 100))} x $1.80 = $8.10.")

# 30
ka, pa, kp, pp = 3, F(12, 5), 2, F(31, 10)
total30 = ka * pa + kp * pp
item("gs-030",
     f"Sofia buys {ka} kg of apples at $2.40 per kg and {kp} kg of pears at $3.10 per kg. How much does she spend in dollars?",
     [f"Apples: {ka} x $2.40 = ${num(ka * pa)}.", f"Pears: {kp} x $3.10 = ${num(kp * pp)}.", f"Total: ${num(ka * pa)} + ${num(kp * pp)} = ${num(total30)}."],
     total30, pa + pp, f"One kg of each costs $2.40 + $3.10 = $5.50.")

# 31
books, out_pct = 1240, 15
out = books * out_pct // 100
assert books * out_pct % 100 == 0
item("gs-031",
     f"A library has 1,240 books. {out_pct}% of them are checked out. How many books are on the shelves?",
     [f"{out_pct}% of {books} is {out} books checked out.", f"{books} - {out} = {books - out} books are on the shelves."],
     books - out, out, f"{out_pct}% of {books} is {out}.")

# 32
bill, tip_pct, people = 96, 15, 3
tip = F(bill * tip_pct, 100)
item("gs-032",
     f"Three friends share a ${bill} dinner bill and add a {tip_pct}% tip. They split the total equally. How much does each friend pay, in dollars?",
     [f"The tip is {tip_pct}% of ${bill} = ${num(tip)}.", f"The total is ${bill} + ${num(tip)} = ${num(bill + tip)}.", f"Each pays ${num(bill + tip)} / {people} = ${num((bill + tip) / people)}."],
     (bill + tip) / people, F(bill, people), f"Each pays ${bill} / {people} = ${bill // people}.")

# 33
max_kg, box_kg, operator = 600, 45, 75
item("gs-033",
     f"An elevator can carry at most {max_kg} kg. The operator weighs {operator} kg and rides along. Each box weighs {box_kg} kg. What is the largest number of boxes the elevator can carry in one trip?",
     [f"Room for boxes: {max_kg} - {operator} = {max_kg - operator} kg.", f"{max_kg - operator} / {box_kg} = about {float(F(max_kg - operator, box_kg)):.2f}, so at most {(max_kg - operator) // box_kg} whole boxes."],
     (max_kg - operator) // box_kg, max_kg // box_kg, f"{max_kg} / {box_kg} = about {float(F(max_kg, box_kg)):.2f}, so {max_kg // box_kg} boxes.")

# 34
wpm, words = 45, 1800
item("gs-034",
     f"Sara types {wpm} words per minute. How many minutes does it take her to type a 1,800-word essay?",
     [f"{words} / {wpm} = {words // wpm} minutes."],
     F(words, wpm), 45, "It takes about 45 minutes.")

# 35
burn, tall, hours35 = F(5, 2), 20, 4
item("gs-035",
     f"A candle is {tall} cm tall and burns 2.5 cm every hour. It burns from 6 pm to 10 pm. How tall is it at 10 pm, in centimeters?",
     [f"From 6 pm to 10 pm is {hours35} hours.", f"It burns {hours35} x 2.5 = {num(burn * hours35)} cm.", f"It is {tall} - {num(burn * hours35)} = {num(tall - burn * hours35)} cm tall."],
     tall - burn * hours35, tall + burn * hours35, f"It is {tall} + {num(burn * hours35)} = {num(tall + burn * hours35)} cm tall.")

# 36
crates, bottles, broken, price36 = 6, 24, 7, F(3, 2)
good = crates * bottles - broken
item("gs-036",
     f"A shop receives {crates} crates of {bottles} bottles of juice. {broken} bottles are broken. It sells all the others for $1.50 each. How much money does it take in, in dollars?",
     [f"It receives {crates} x {bottles} = {crates * bottles} bottles.", f"{crates * bottles} - {broken} = {good} bottles can be sold.", f"{good} x $1.50 = ${num(good * price36)}."],
     good * price36, crates * bottles * price36, f"{crates * bottles} x $1.50 = ${num(crates * bottles * price36)}.")

# 37
old, new = 20, 25
item("gs-037",
     f"The price of a concert ticket goes up from ${old} to ${new}. By what percent did the price increase?",
     [f"The increase is ${new} - ${old} = ${new - old}.", f"As a percent of the old price: {new - old} / {old} x 100 = {num(F(new - old, old) * 100)}%."],
     F(new - old, old) * 100, F(new - old, new) * 100, f"{new - old} / {new} x 100 = {num(F(new - old, new) * 100)}%.")

# 38
money38 = 80
book38 = money38 * F(1, 4)
lunch = (money38 - book38) * F(1, 2)
item("gs-038",
     f"Mia has ${money38}. She spends a quarter of it on a book and then half of what remains on lunch. How many dollars does she have left?",
     [f"The book costs ${money38} / 4 = ${num(book38)}.", f"She has ${money38} - ${num(book38)} = ${num(money38 - book38)} left.", f"Lunch costs half of that: ${num(lunch)}.", f"She has ${num(money38 - book38)} - ${num(lunch)} = ${num(money38 - book38 - lunch)} left."],
     money38 - book38 - lunch, money38 - book38 - money38 // 2, f"Lunch costs half of ${money38} = $40, leaving ${num(money38 - book38 - 40)}.")

# 39
boys_r, girls_r, total39 = 4, 5, 36
item("gs-039",
     f"The ratio of boys to girls in a club is {boys_r} to {girls_r}. The club has {total39} members. How many girls are in the club?",
     [f"There are {boys_r} + {girls_r} = {boys_r + girls_r} parts.", f"Each part is {total39} / {boys_r + girls_r} = {total39 // (boys_r + girls_r)} members.", f"Girls: {girls_r} x {total39 // (boys_r + girls_r)} = {girls_r * total39 // (boys_r + girls_r)}."],
     F(girls_r * total39, boys_r + girls_r), F(boys_r * total39, boys_r + girls_r), f"Girls: {boys_r} x 4 = 16.")

# 40
speed, minutes = 8, 45
item("gs-040",
     f"A jogger runs at {speed} km per hour for {minutes} minutes. How many kilometers does she run?",
     [f"{minutes} minutes is {minutes}/60 = {num(F(minutes, 60))} hours.", f"She runs {speed} x {num(F(minutes, 60))} = {num(speed * F(minutes, 60))} km."],
     speed * F(minutes, 60), F(speed * minutes, 100), f"{minutes} minutes is 0.45 hours, so she runs {speed} x 0.45 = 3.6 km.")

# 41
red, blue, green, blue_out, red_in = 5, 7, 8, 4, 6
item("gs-041",
     f"A bag holds {red} red, {blue} blue and {green} green marbles. Tom takes out {blue_out} blue marbles and puts in {red_in} red ones. How many marbles are in the bag now?",
     [f"At first there are {red} + {blue} + {green} = {red + blue + green} marbles.", f"Now there are {red + blue + green} - {blue_out} + {red_in} = {red + blue + green - blue_out + red_in} marbles."],
     red + blue + green - blue_out + red_in, red + blue + green + blue_out + red_in, f"{red + blue + green} + {blue_out} + {red_in} = {red + blue + green + blue_out + red_in}.")

# 42
principal, rate42, years = 500, 4, 3
interest = F(principal * rate42 * years, 100)
item("gs-042",
     f"Owen borrows ${principal} at {rate42}% simple interest per year. How much does he owe after {years} years, in dollars?",
     [f"Interest per year: {rate42}% of ${principal} = ${num(F(principal * rate42, 100))}.", f"Over {years} years: {years} x ${num(F(principal * rate42, 100))} = ${num(interest)}.", f"He owes ${principal} + ${num(interest)} = ${num(principal + interest)}."],
     principal + interest, interest, f"The interest is ${num(interest)}.")

# 43
rows43, seats = 24, 18
total_seats = rows43 * seats
filled = total_seats * F(5, 6)
item("gs-043",
     f"A theater has {rows43} rows of {seats} seats. Five sixths of the seats are taken. How many seats are empty?",
     [f"There are {rows43} x {seats} = {total_seats} seats.", f"{total_seats} x 5/6 = {num(filled)} are taken.", f"{total_seats} - {num(filled)} = {num(total_seats - filled)} are empty."],
     total_seats - filled, filled, f"{total_seats} x 5/6 = {num(filled)} seats.")

# 44
one_way, days44, weeks44 = 14, 5, 4
item("gs-044",
     f"Lucia cycles {one_way} km to work and the same distance back, {days44} days a week. How many kilometers does she cycle in {weeks44} weeks?",
     [f"Each day she rides 2 x {one_way} = {2 * one_way} km.", f"Each week: {days44} x {2 * one_way} = {days44 * 2 * one_way} km.", f"In {weeks44} weeks: {weeks44} x {days44 * 2 * one_way} = {weeks44 * days44 * 2 * one_way} km."],
     weeks44 * days44 * 2 * one_way, weeks44 * days44 * one_way, f"{weeks44} x {days44} x {one_way} = {weeks44 * days44 * one_way} km.")

# 45
start45, down, up = -12, 7, 4
item("gs-045",
     f"A diver is {-start45} meters below sea level. She swims down {down} more meters and then up {up} meters. Where is she now, in meters relative to sea level (negative means below)?",
     [f"Start: {start45} m.", f"After going down {down}: {start45} - {down} = {start45 - down} m.", f"After going up {up}: {start45 - down} + {up} = {start45 - down + up} m."],
     start45 - down + up, -start45 + down - up, f"{-start45} + {down} - {up} = {-start45 + down - up} m.")
