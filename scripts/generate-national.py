#!/usr/bin/env python3
"""Generates Scenarios/national/: a synthetic national-scale scenario for stress tests, benchmarks and the national
distribution (finance.national: the macro budgets, each region's historical and objective share).

Deterministic (its own SplitMix64 generator, no library randomness); run it again to get the same files:

    python3 scripts/generate-national.py

What is public and used (FACTS.md, "National figures"): 43 centrumgemeenten; about 340-355 municipalities; about
17.5 million inhabitants; the old capacity norm of 0.46 BW places per 1,000 inhabitants. The shift between "oost"
and "west" (000 L3089-3097: facilities are where they were built, not where the clients come from; the "east" has
to reduce, the "west" to build up) is given the scale of the 2019 provisional model for BW+MO+Begeleiding as the
newspapers reported it: Apeldoorn about -25 %, Arnhem -20 %, Zwolle -19 %, Assen -14.4 %, Doetinchem -13.6 %,
Vlissingen -12.6 %, Nijmegen -10.6 %, Dordrecht -5.7 %; "met name steden in de Randstad gaan er op vooruit"
(Binnenlands Bestuur, "Steden buiten Randstad de klos bij nieuw verdeelmodel", 2019; Trouw, "Oost-Nederland vreest
voor miljoenen minder aan zorggeld", 2019). No public source for the real 43 regions' shares was available, so the
regions are synthetic: every region's size, need, places and shares below is an assumption, and the newspaper
figures only set the scale of the largest losses (-20 to -25 %) and gains (+15 to +20 %).

How the money is built:

1. Need (assumption, the shape of the Cebeon model, which uses inhabitants, age structure and income groups, Trouw
   2019): each municipality's need = population x need index; the index is higher in larger (urban) municipalities
   and in the centrumgemeente (central function), and varies +-10 % with income (poorer higher). A region's objective
   BW share = its need / the national need; within the region each municipality's `objective_share` = its need /
   the region's need. BW and MO applicants come from the municipalities in proportion to the same need
   (`bw_origin_share`, `mo_origin_share`); a region's applicants follow its population (one national rate).
2. Places (the historical skew): a region's intramural places = its need x a facility factor exp(SKEW x east^3 +
   noise), with "east" a synthetic coordinate in [0, 1] (the places piled up in the regions furthest east), scaled
   to the old norm of 0.46 places per 1,000 nationally: the "east" has more places than its need, the "west" fewer.
   Places per 1,000 inhabitants then range 0.34-0.62. One national BW rate (set so that the nation's intramural
   applicants are 1.15 x its intramural outflow) gives the "east" spare places and the "west" waiting lists. By
   2031 the places converge to the objective shares (a quarter fewer intramural places nationally, tussenvormen
   built where the need is): the "east" reduces, the "west" builds up (000 L3089-3097).
3. Historical shares: a region's historical BW share = its expected first-year BW cost (places x (tariff x 365 +
   fixed cost), plus the ambulant and tussenvorm clients) / the national one, so regions with more places per
   inhabitant get more money today and LOSE under the objective model. MO money is already on an objective
   distribution over the centrumgemeenten (000 L3301-3303); the region's MO shares (historical = objective) are
   its shelter costs' share, which follow its population (one national MO rate); within the region the MO money
   is spread by MO need (`mo_objective_share`) once MO is decentralised.
4. The macro budgets = the expected national first-year cost x a calibration factor (CALIBRATION_BW, _MO), fixed
   by a real run so that the simulated national cost in 2022 matches the national budget (the measured figure is
   written into the YAML's header), and grow with the price index (2 % a year, no real growth).

The macro is therefore that of the synthetic stock (about EUR 0.76 bn in 2022: BW EUR 467 M, MO EUR 290 M), not
the real one (BW "ruim EUR 1,5 miljard" and MO about EUR 385 M, FACTS): the real money pays for more clients than the old norm's places
(Den Haag has 1.32 intramural places per 1,000, 003 Table 8) and for more than the model costs. Shares, shifts in
per cent and P(deficit) carry over; absolute euros, and with them the EUR 15 per inhabitant cap, do not.
"""
import math
import os
import textwrap

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.x = seed & MASK

    def next(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & MASK
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) / float(1 << 53)

    def symmetric(self):
        """Uniform in [-1, 1)."""
        return 2 * self.uniform() - 1


REGIONS = 43
MUNICIPALITIES = 345
POPULATION = 17_500_000
START, END = 2022, 2031
PRICE_2031 = 1.195  # 2 % a year, 1.02^9

# --- Assumptions about need and places (see the docstring) ---------------------------------------------------------
PLACES_PER_1000 = 0.46     # FACTS: the old norm, here the national mean
URBAN_LOW, URBAN_HIGH = 0.85, 1.20  # need index by size: 10,000 inhabitants -> 0.85, 800,000 -> 1.20
CENTRE_BONUS = 0.10        # the centrumgemeente's central function
INCOME_SPREAD = 0.10       # need index x (1 +- 0.10) by income
SKEW = 0.45                # facility factor exp(SKEW x east^3): the oost-west skew, the places piled up furthest east
SKEW_NOISE = 0.06          # + a region's own history, exp(+-0.06)

# --- Behaviour, as the Den Haag baseline (Scenarios/den-haag/baseline.yaml) -----------------------------------------
ACCESS_2022 = {"intramural": 0.75, "tussenvorm": 0.10, "ambulant": 0.15}
INTRAMURAL_OUTFLOW = 0.16  # a year, of the places: measured with the Den Haag stays (1,318 departures from 8,048 in 2022)
REENTRY = 1.03             # applicants x 1.03: leavers who come back (15 %) go through the access decision again (measured)
DEMAND_RATIO = 1.15        # national intramural applicants / national intramural outflow: a national shortage, as now
BW_RATE = round(DEMAND_RATIO * INTRAMURAL_OUTFLOW * PLACES_PER_1000 * 10 / (ACCESS_2022["intramural"] * REENTRY), 2)
MO_RATE = 8.0              # assumption (the first version): below Den Haag's 13 (003 Table 3), outside the big cities
SHELTER_STAY = 1 / (1 / 0.285 + 1 / 100)  # years: Den Haag's shelter exits (independent 0.285 y, died 100 y)
AMBULANT_STAY = 1 / (1 / 2.2 + 1 / 40 + 1 / 40 + 1 / 65)         # years: Den Haag's ambulant exits

# --- Money ---------------------------------------------------------------------------------------------------------
TARIFF = {"intramural": 113.6, "tussenvorm": 110, "ambulant": 70, "shelter": 200}
FIXED_INTRAMURAL = 10366
TUSSENVORM_FILL = 0.47     # tussenvorm places start empty in 2022 and fill during the year (measured: 47 % on average)
# Calibration: simulated national 2022 cost / the expected cost below, from a real run (`doorstroom run
# Scenarios/national/baseline.yaml --replications 40`, region ALL, 2022, cost_total without and with cost_shelter).
CALIBRATION_BW = 0.991  # measured BW cost EUR 466.8 M / expected EUR 471.0 M
CALIBRATION_MO = 0.998  # measured shelter cost EUR 289.7 M / expected EUR 290.4 M
MEASURED = ("measured with `doorstroom run Scenarios/national/baseline.yaml --replications 40`: national cost_total in 2022 "
            "EUR 756.5 M against the budget of EUR 756.5 M (+0.0 %; 100 replications: EUR 756.4 M, 0.0 %)")

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scenarios", "national")
rng = SplitMix64(20220101)

# Municipalities per region: 43 regions share 345 municipalities, at least 2 each (as the first version).
extra = MUNICIPALITIES - 2 * REGIONS
weights = [0.2 + rng.uniform() for _ in range(REGIONS)]
counts = [2 + int(extra * w / sum(weights)) for w in weights]
counts[0] += MUNICIPALITIES - sum(counts)

# Sizes: a heavy-tailed draw per municipality (the centrumgemeente is the largest), scaled to the national total.
sizes = []
for c in counts:
    raw = [1.0 / (0.02 + rng.uniform()) ** 0.9 for _ in range(c)]
    raw.sort(reverse=True)
    raw[0] *= 3  # the central city
    sizes.append(raw)
scale = POPULATION / sum(sum(r) for r in sizes)


def urban_index(pop):
    t = (math.log10(pop) - 4) / (math.log10(800_000) - 4)
    return URBAN_LOW + (URBAN_HIGH - URBAN_LOW) * min(1.0, max(0.0, t))


def shares(values, digits=9):
    """Shares of `values` rounded to `digits` decimals, the last taking the rounding remainder (sum exactly 1)."""
    total = sum(values)
    out = [round(v / total, digits) for v in values]
    out[-1] = round(1 - sum(out[:-1]), digits)
    return out


regions = []
for i, raw in enumerate(sizes):
    pops = [max(1000, int(round(x * scale))) for x in raw]
    need = []
    mo_need = []
    for j, p in enumerate(pops):
        index = urban_index(p) * (1 + (CENTRE_BONUS if j == 0 else 0)) * (1 + INCOME_SPREAD * rng.symmetric())
        need.append(p * index)
        mo_need.append(p * index * urban_index(p))  # homelessness is more urban still (assumption)
    east = rng.uniform()
    facility = math.exp(SKEW * east ** 3 + SKEW_NOISE * rng.symmetric())
    regions.append({"number": i + 1, "pops": pops, "need": need, "mo_need": mo_need, "east": east,
                    "facility": facility, "population": sum(pops)})

national_population = sum(r["population"] for r in regions)
national_places = PLACES_PER_1000 * national_population / 1000
k = national_places / sum(sum(r["need"]) * r["facility"] for r in regions)
for r in regions:
    pop = r["population"]
    r["places"] = max(1, round(k * sum(r["need"]) * r["facility"]))
    r["intake"] = BW_RATE * pop / 10_000 * REENTRY
    r["tussenvorm"] = round(0.06 * r["places"])
    r["ambulant"] = round(AMBULANT_STAY * (ACCESS_2022["ambulant"] * r["intake"] + r["places"] / 15
                                           + TUSSENVORM_FILL * r["tussenvorm"] / 3))
    excess = ACCESS_2022["intramural"] * r["intake"] - INTRAMURAL_OUTFLOW * r["places"]
    r["waiting"] = max(0, round(2 * excess))
    r["shelter"] = round(MO_RATE * pop / 10_000 * SHELTER_STAY)
    r["cost_bw"] = (r["places"] * (TARIFF["intramural"] * 365 + FIXED_INTRAMURAL)
                    + r["ambulant"] * TARIFF["ambulant"] * 365
                    + TUSSENVORM_FILL * r["tussenvorm"] * TARIFF["tussenvorm"] * 365)
    r["cost_mo"] = r["shelter"] * TARIFF["shelter"] * 365

hist_bw = shares([r["cost_bw"] for r in regions])
obj_bw = shares([sum(r["need"]) for r in regions])
hist_mo = shares([r["cost_mo"] for r in regions])
total_places = sum(r["places"] for r in regions)
for r, h, o, m in zip(regions, hist_bw, obj_bw, hist_mo):
    r["hist_bw"], r["obj_bw"], r["mo"] = h, o, m
    r["intramural_2031"] = round(0.75 * total_places * o)
    r["tussenvorm_2031"] = round(0.33 * total_places * o)

macro_bw = int(round(CALIBRATION_BW * sum(r["cost_bw"] for r in regions), -5))
macro_mo = int(round(CALIBRATION_MO * sum(r["cost_mo"] for r in regions), -5))

# --- Municipality tables -------------------------------------------------------------------------------------------
os.makedirs(os.path.join(root, "regions"), exist_ok=True)
for r in regions:
    n = r["number"]
    names = [f"R{n:02d} M{j + 1:02d}" for j in range(len(r["pops"]))]
    objective = shares(r["need"], 6)
    mo_objective = shares(r["mo_need"], 6)
    r["centre"] = names[0]
    with open(os.path.join(root, "regions", f"region-{n:02d}.csv"), "w") as f:
        f.write("# Generated by scripts/generate-national.py: do not edit by hand. A synthetic region.\n")
        f.write("# population: assumption: synthetic sizes scaled to about 17.5 million inhabitants in total.\n")
        f.write("# objective_share, bw_origin_share: assumption: the municipality's need (population x a need index,\n")
        f.write("# higher in larger municipalities, the centrumgemeente and poorer ones) / the region's need.\n")
        f.write("# mo_objective_share, mo_origin_share: assumption: the same, with the urban part of the index counted twice.\n")
        f.write("name,population,objective_share,mo_objective_share,bw_origin_share,mo_origin_share\n")
        for name, p, o, m in zip(names, r["pops"], objective, mo_objective):
            f.write(f"{name},{p},{o},{m},{o},{m}\n")


def pct(x):
    return f"{100 * x:+.1f} %"


def fmt_share(x):
    return f"{x:.9f}"


changes = sorted(((r["obj_bw"] / r["hist_bw"] - 1, r) for r in regions), key=lambda t: t[0])
density = [1000 * r["places"] / r["population"] for r in regions]

# --- The scenario --------------------------------------------------------------------------------------------------
out = []
out.append("# Generated by scripts/generate-national.py: do not edit by hand, change the script and run it again.")
out.append("# A synthetic national-scale scenario (43 regions, 345 municipalities) for stress tests, benchmarks and the")
out.append("# national distribution. The macro budgets are those of the synthetic stock, calibrated (CALIBRATION_BW and")
out.append("# CALIBRATION_MO in the script) so that the national first-year cost matches them:")
for line in textwrap.wrap(MEASURED + ".", 110):
    out.append("#   " + line)
out.append(f"# BW objective vs historical share by region: {pct(changes[0][0])} to {pct(changes[-1][0])}; intramural places per")
out.append(f"# 1,000 inhabitants {min(density):.2f} to {max(density):.2f} (mean {PLACES_PER_1000}).")
out.append("scenario: national-baseline")
out.append("description: >")
out.append("  Synthetic Netherlands: 43 centrumgemeente regions, 345 municipalities, 17.5 M inhabitants, the national BW")
out.append("  and MO money distributed by historical and objective shares (finance.national). The regions are synthetic:")
out.append("  no public source for the real 43 regions' shares was available. Places per inhabitant differ (the oost-west")
out.append("  skew, 000 L3089-3097): regions with many places (east) lose under the objective model, the others (west)")
out.append("  gain; the 2019 newspaper figures (Apeldoorn -25 %, Arnhem -20 %, Zwolle -19 %, Randstad cities up) set only")
out.append("  the scale. The macro budgets pay for the synthetic stock (old norm 0.46 places per 1,000), not the real")
out.append("  EUR 1.5 bn + 385 M. Behaviour as in the Den Haag baseline. For scale and the distribution, not local answers.")
out.append(f"period: {{start_year: {START}, end_year: {END}}}")
out.append("replications: 100")
out.append("seed: 20220101")
out.append("regions:")
for r in regions:
    n = r["number"]
    per_1000 = 1000 * r["places"] / r["population"]
    change = r["obj_bw"] / r["hist_bw"] - 1
    out.append(f"  - name: Region {n:02d}")
    out.append(f"    centrumgemeente: {r['centre']}")
    out.append(f"    municipalities: regions/region-{n:02d}.csv")
    out.append("    unknown_origin_share: {value: 0.011, source: \"assumption: as Den Haag (003 Table 11: 3 of 263 of unknown origin)\"}")
    out.append("    initial:")
    out.append(f"      intramural: {{value: {r['places']}, source: \"assumption: the region's need x its facility factor (east {r['east']:.2f}), "
               f"{per_1000:.2f} per 1,000 inhabitants (national mean 0.46, the old norm, FACTS), assumed full\"}}")
    out.append(f"      ambulant: {{value: {r['ambulant']}, source: \"derived: about stable in 2022 with the Den Haag stays: "
               f"({ACCESS_2022['ambulant']} x applicants + places / 15 + tussenvorm / 3) x {AMBULANT_STAY:.2f} years\"}}")
    out.append(f"      shelter: {{value: {r['shelter']}, source: \"derived: {MO_RATE} MO applicants per 10k x {SHELTER_STAY:.3f} years "
               f"(the Den Haag shelter stay), about stable\"}}")
    out.append(f"      waiting: {{intramural: {{value: {r['waiting']}, source: \"derived: about stable, two years (the patience) of the "
               f"yearly excess of intramural applicants ({ACCESS_2022['intramural']} x {REENTRY} x the rate) over the outflow ({INTRAMURAL_OUTFLOW} x places); none where there are more places than applicants\"}}}}")
    out.append("    capacity:")
    out.append(f"      intramural: {{2022: {r['places']}, 2031: {r['intramural_2031']}, source: \"2022 as the stock; assumption: "
               f"a quarter fewer nationally by 2031, spread by the objective shares (000 L3089-3097: supply follows demand)\"}}")
    out.append(f"      tussenvorm: {{2022: {r['tussenvorm']}, 2031: {r['tussenvorm_2031']}, source: \"assumption: 6 % of the "
               f"places in 2022; by 2031 a third of today's national BW places, built where the need is (000 L1383, L3089-3097)\"}}")
    out.append(f"      shelter: {{value: {round(1.1 * r['shelter'])}, source: \"assumption: 1.1 x the expected shelter occupancy (as Den Haag)\"}}")
    out.append(f"    dwellings_per_year: {{value: {round(r['places'] * 0.15)}, source: \"assumption: dwellings for 15 % of the places a year (Den Haag: 150 for 1,079)\"}}")
    out.append(f"    historical_share: {{bw: {fmt_share(r['hist_bw'])}, mo: {fmt_share(r['mo'])}, source: \"derived: the region's expected "
               f"first-year BW cost (places x (tariff x 365 + fixed cost) + ambulant + tussenvorm) and shelter cost / the national ones\"}}")
    out.append(f"    objective_share: {{bw: {fmt_share(r['obj_bw'])}, mo: {fmt_share(r['mo'])}, source: \"assumption: BW: the region's "
               f"synthetic need / the national need ({pct(change)} on the historical share); MO: as historical, MO money is already "
               f"on an objective distribution over the centrumgemeenten (000 L3301-3303)\"}}")
out.append(f"""intake:
  bw:
    rate_per_10k: {{value: {BW_RATE}, source: "derived: intramural applicants ({ACCESS_2022['intramural']} x {REENTRY} with re-entries) {DEMAND_RATIO} x the intramural outflow of the national places ({INTRAMURAL_OUTFLOW} a year of 0.46 per 1,000, measured with the Den Haag stays); assumption: a national shortage of 15 % (Den Haag's applicants are 1.7 x its outflow, 003 Table 11, but its places are 1.32 per 1,000): one rate for every region, so the places, not the applicants, differ per inhabitant"}}
    dispersion_shape: {{value: 20, source: "assumption: as Den Haag"}}
  mo:
    rate_per_10k: {{value: {MO_RATE}, source: "assumption: below Den Haag's 13 (003 Table 3), outside the big cities"}}
access:
  2022: {{intramural: {ACCESS_2022['intramural']}, tussenvorm: {ACCESS_2022['tussenvorm']}, ambulant: {ACCESS_2022['ambulant']}, source: "assumption: as Den Haag"}}
  2031: {{intramural: 0.34, tussenvorm: 0.33, ambulant: 0.33, source: "000 L1383"}}
lasting_need_share: {{value: 0.3, source: "assumption: as Den Haag"}}
stay:
  intramural:
    source: "assumption: as the Den Haag baseline (total outflow about 20 % of the stock a year, 002 L241-280)"
    ambulant: {{gamma: {{mean_years: 15, shape: 1.5}}}}
    tussenvorm: {{exponential: {{mean_years: 25}}}}
    independent: {{gamma: {{mean_years: 17, shape: 1.5}}}}
    wlz: {{exponential: {{mean_years: 20}}, applies_to: lasting_need}}
    died: {{exponential: {{mean_years: 65}}}}
  tussenvorm:
    source: "assumption: as Den Haag (recovery takes e.g. 3-8 years, 000 L868)"
    ambulant: {{gamma: {{mean_years: 3, shape: 2}}}}
    independent: {{exponential: {{mean_years: 8}}}}
    intramural: {{exponential: {{mean_years: 15}}}}
    died: {{exponential: {{mean_years: 65}}}}
  ambulant:
    source: "assumption: as Den Haag (Beschermd Thuis about two years)"
    independent: {{gamma: {{mean_years: 2.2, shape: 1.5}}}}
    intramural: {{exponential: {{mean_years: 40}}}}
    shelter: {{exponential: {{mean_years: 40}}}}
    died: {{exponential: {{mean_years: 65}}}}
  shelter:
    source: "assumption: as Den Haag (a shelter stay of about 3.4 months; shelter clients who need BW apply for it and are in the BW intake)"
    independent: {{exponential: {{mean_years: 0.285}}}}
    died: {{exponential: {{mean_years: 100}}}}
waiting:
  patience: {{exponential: {{mean_years: 2}}, source: "assumption: as Den Haag"}}
reentry:
  source: "assumption: as Den Haag, 15 % of BW leavers come back after 1.5 years on average"
  intramural: {{probability: 0.15, delay: {{exponential: {{mean_years: 1.5}}}}}}
  tussenvorm: {{probability: 0.15, delay: {{exponential: {{mean_years: 1.5}}}}}}
  ambulant: {{probability: 0.15, delay: {{exponential: {{mean_years: 1.5}}}}}}
legacy:
  indication_remaining: {{empirical: {{years: [5], cumulative: [1]}}, source: "assumption: as Den Haag"}}
  return_window_days: {{value: 365, source: "003 footnotes 3 and 8"}}
finance:
  price_index: {{{START}: 1.0, {END}: {PRICE_2031}, source: "assumption: 2 % a year"}}
  tariff_per_day:
    intramural: {{value: {TARIFF['intramural']}, source: "assumption: Den Haag's derived tariff (003 Table 8), 80 % per client-day"}}
    tussenvorm: {{value: {TARIFF['tussenvorm']}, source: "assumption"}}
    ambulant: {{value: {TARIFF['ambulant']}, source: "derived from 003 Table 8"}}
    shelter: {{value: {TARIFF['shelter']}, source: "assumption"}}
  fixed_cost_per_place_per_year:
    intramural: {{value: {FIXED_INTRAMURAL}, source: "assumption: 20 % of EUR 142 a day is fixed"}}
  mo_decentralised_from: {{value: 2026, source: "003 L15 (possibly 2026)"}}
  national:
    budget:
      bw: {{{START}: {macro_bw}, {END}: {round(macro_bw * PRICE_2031)}, source: "derived: the synthetic regions' expected first-year BW cost x {CALIBRATION_BW} (calibrated to the simulated 2022 cost), not the real ruim EUR 1.5 bn (FACTS); assumption: grows with the price index, no real growth"}}
      mo: {{{START}: {macro_mo}, {END}: {round(macro_mo * PRICE_2031)}, source: "derived: the synthetic regions' expected first-year shelter cost x {CALIBRATION_MO} (calibrated to the simulated 2022 cost), not the real EUR 385 M (FACTS); assumption: grows with the price index"}}
  ingroeipad: {{start_year: {START}, years: 10, profile: national-runoff, source: "000 L3295-3299: steps follow the national in- and outflow (the pooled legacy run-off of all regions)"}}
  cap_per_inhabitant: {{value: 15, source: "000 L3394-3396"}}
  cap_scope: region""")
with open(os.path.join(root, "baseline.yaml"), "w") as f:
    f.write("\n".join(out) + "\n")

# --- Report --------------------------------------------------------------------------------------------------------
print(f"{len(regions)} regions, {sum(counts)} municipalities, {national_population} inhabitants")
print(f"intramural places {total_places} ({1000 * total_places / national_population:.3f} per 1,000; "
      f"{min(density):.2f}-{max(density):.2f} by region)")
print(f"expected 2022 cost: BW EUR {sum(r['cost_bw'] for r in regions) / 1e6:.1f} M, MO EUR {sum(r['cost_mo'] for r in regions) / 1e6:.1f} M; "
      f"macro 2022: BW EUR {macro_bw / 1e6:.1f} M, MO EUR {macro_mo / 1e6:.1f} M")
print(f"BW objective vs historical: {pct(changes[0][0])} to {pct(changes[-1][0])}")
for c, r in changes[:5] + changes[-5:]:
    print(f"  Region {r['number']:02d}: east {r['east']:.2f}, {1000 * r['places'] / r['population']:.2f} places per 1,000, "
          f"historical {r['hist_bw']:.5f}, objective {r['obj_bw']:.5f}, {pct(c)}")
