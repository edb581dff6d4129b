/**
 * A neighbourhood grocery with a café counter, priced in EUR with German VAT (tax included on
 * the shelf label): 19 % standard, 7 % for food, 0 % for postage stamps and phone top-ups,
 * which are not taxable supplies at the till. Prices are minor units (cents); weighed produce
 * is priced per kilogram.
 */
export const TAX_RATES = [
  { id: 'std', name: 'Standard 19 %', ratePpm: 190_000 },
  { id: 'reduced', name: 'Reduced 7 % (food)', ratePpm: 70_000 },
  { id: 'zero', name: 'Exempt 0 %', ratePpm: 0 },
] as const;
export type TaxRateId = (typeof TAX_RATES)[number]['id'];

export interface CategorySeed {
  name: string;
  tax: TaxRateId;
  /** Brands the packaged items come in; each item is offered by the first `brands` of them. */
  brands: readonly string[];
  /** [name, price in cents] */
  items: ReadonlyArray<readonly [string, number]>;
  /** Sold by weight: price per kilogram, in-store scale-label codes instead of EAN-13s. */
  weighed?: boolean;
}

export const CATEGORIES: readonly CategorySeed[] = [
  {
    name: 'Fruit & vegetables (weighed)',
    tax: 'reduced',
    brands: [''],
    weighed: true,
    items: [
      ['Bananas', 199], ['Apples Elstar', 279], ['Apples Braeburn', 299], ['Pears Williams', 349], ['Oranges', 249],
      ['Lemons', 399], ['Tomatoes on the vine', 449], ['Cucumbers', 299], ['Carrots', 149], ['Potatoes waxy', 129],
      ['Onions', 149], ['Red onions', 219], ['Garlic', 999], ['Courgettes', 349], ['Peppers red', 599],
      ['Mushrooms brown', 899], ['Broccoli', 399], ['Cauliflower', 299], ['Leeks', 279], ['Kiwis', 449],
      ['Grapes white seedless', 599], ['Plums', 399], ['Mandarins', 349], ['Sweet potatoes', 399], ['Ginger', 799],
    ],
  },
  {
    name: 'Fruit & vegetables',
    tax: 'reduced',
    brands: ['', 'Bio '],
    items: [
      ['Iceberg lettuce, each', 99], ['Basil in pot', 199], ['Avocado ready to eat, each', 119], ['Pineapple, each', 249],
      ['Blueberries 125 g', 249], ['Strawberries 500 g', 399], ['Cherry tomatoes 250 g', 179], ['Rocket 125 g', 149],
      ['Spring onions, bunch', 79], ['Parsley, bunch', 99], ['Mango, each', 149], ['Lime, each', 39],
    ],
  },
  {
    name: 'Bakery',
    tax: 'reduced',
    brands: [''],
    items: [
      ['Bread roll', 35], ['Wholegrain roll', 55], ['Pretzel', 69], ['Croissant', 99], ['Chocolate croissant', 129],
      ['Farmhouse bread 750 g', 329], ['Rye bread 500 g', 279], ['Spelt bread 500 g', 349], ['Baguette', 149],
      ['Ciabatta', 179], ['Toast bread 500 g', 129], ['Wholemeal toast 500 g', 149], ['Cinnamon roll', 149],
      ['Apple turnover', 139], ['Cheesecake slice', 249], ['Poppy seed plait', 199], ['Muffin blueberry', 179],
      ['Donut sugar', 109], ['Sourdough loaf 1 kg', 449], ['Bagel sesame', 119],
    ],
  },
  {
    name: 'Dairy & eggs',
    tax: 'reduced',
    brands: ['Alpenhof', 'Gut Wiesental', 'Keel Basics'],
    items: [
      ['Whole milk 3.5 % 1 l', 119], ['Semi-skimmed milk 1.5 % 1 l', 109], ['Oat drink 1 l', 189], ['Butter 250 g', 239],
      ['Natural yoghurt 500 g', 99], ['Greek yoghurt 10 % 500 g', 229], ['Quark 250 g', 89], ['Cream 200 ml', 99],
      ['Gouda sliced 200 g', 199], ['Emmental grated 200 g', 229], ['Mozzarella 125 g', 89], ['Feta 200 g', 179],
      ['Free-range eggs 10', 329], ['Organic eggs 6', 279], ['Cream cheese 200 g', 139],
    ],
  },
  {
    name: 'Meat & deli',
    tax: 'reduced',
    brands: ['Hofmetzgerei', 'Keel Basics'],
    items: [
      ['Cooked ham sliced 200 g', 249], ['Salami sliced 100 g', 189], ['Chicken breast 400 g', 549], ['Minced beef 500 g', 549],
      ['Bratwurst 4 pcs', 399], ['Frankfurters 6 pcs', 299], ['Smoked salmon 100 g', 399], ['Hummus 200 g', 179],
      ['Tofu natural 400 g', 229], ['Turkey breast sliced 150 g', 279],
    ],
  },
  {
    name: 'Pantry',
    tax: 'reduced',
    brands: ['Casa Verde', 'Keel Basics', 'Bioland Hof'],
    items: [
      ['Spaghetti 500 g', 129], ['Penne 500 g', 129], ['Basmati rice 1 kg', 299], ['Chopped tomatoes 400 g', 79],
      ['Passata 500 g', 119], ['Chickpeas 400 g', 99], ['Red lentils 500 g', 199], ['Olive oil extra virgin 500 ml', 699],
      ['Sunflower oil 1 l', 249], ['Wheat flour 1 kg', 99], ['Sugar 1 kg', 119], ['Sea salt 500 g', 79],
      ['Oat flakes 500 g', 99], ['Muesli 750 g', 299], ['Honey 500 g', 449], ['Strawberry jam 450 g', 199],
      ['Peanut butter 350 g', 249], ['Tuna in water 185 g', 199], ['Vegetable stock cubes', 129], ['Coffee beans 1 kg', 1399],
      ['Ground coffee 500 g', 649], ['Black tea 25 bags', 179], ['Green tea 20 bags', 199], ['Cornflakes 375 g', 199],
    ],
  },
  {
    name: 'Frozen',
    tax: 'reduced',
    brands: ['Polarfrisch', 'Keel Basics'],
    items: [
      ['Pizza Margherita', 249], ['Pizza salami', 279], ['Spinach 450 g', 149], ['Peas 750 g', 199], ['Fish fingers 15 pcs', 299],
      ['French fries 1 kg', 249], ['Vanilla ice cream 1 l', 299], ['Berry mix 300 g', 299], ['Vegetable lasagne 400 g', 349],
    ],
  },
  {
    name: 'Snacks & sweets',
    tax: 'reduced',
    brands: ['Knusperwerk', 'Keel Basics'],
    items: [
      ['Milk chocolate 100 g', 149], ['Dark chocolate 70 % 100 g', 179], ['Hazelnut chocolate 100 g', 169], ['Gummy bears 200 g', 119],
      ['Salted crisps 175 g', 199], ['Paprika crisps 175 g', 199], ['Salted peanuts 200 g', 179], ['Pretzel sticks 250 g', 99],
      ['Butter biscuits 200 g', 129], ['Chocolate cookies 200 g', 199], ['Cereal bar', 59], ['Trail mix 200 g', 299],
    ],
  },
  {
    name: 'Drinks',
    tax: 'std',
    brands: ['Quellgold', 'Keel Basics'],
    items: [
      ['Still water 1.5 l', 49], ['Sparkling water 1.5 l', 49], ['Apple spritzer 1 l', 129], ['Orange juice 1 l', 199],
      ['Apple juice 1 l', 169], ['Cola 1.5 l', 179], ['Cola zero 1.5 l', 179], ['Lemonade 0.5 l', 119], ['Iced tea peach 1.5 l', 149],
      ['Energy drink 250 ml', 129], ['Lager 0.5 l', 99], ['Wheat beer 0.5 l', 119], ['Alcohol-free beer 0.5 l', 99],
      ['Red wine Tempranillo 0.75 l', 599], ['White wine Riesling 0.75 l', 649], ['Prosecco 0.75 l', 699],
    ],
  },
  {
    name: 'Café counter',
    tax: 'std',
    brands: [''],
    items: [
      ['Espresso', 190], ['Double espresso', 260], ['Americano', 250], ['Cappuccino', 320], ['Latte macchiato', 350],
      ['Flat white', 360], ['Hot chocolate', 330], ['Chai latte', 370], ['Tea, pot', 260], ['Fresh orange juice 0.3 l', 390],
      ['Iced coffee', 390], ['Extra shot', 60], ['Oat milk upgrade', 50], ['Filter coffee to go', 220],
    ],
  },
  {
    name: 'Household',
    tax: 'std',
    brands: ['Glanzwerk', 'Keel Basics'],
    items: [
      ['Dish soap 500 ml', 129], ['Dishwasher tabs 40', 599], ['Laundry liquid 1.5 l', 549], ['Toilet paper 8 rolls', 399],
      ['Kitchen roll 4 rolls', 299], ['Bin bags 30 l, 20', 199], ['All-purpose cleaner 1 l', 179], ['Sponges 5', 129],
      ['Aluminium foil 30 m', 249], ['Candles 6', 299], ['Batteries AA 4', 399], ['Light bulb LED E27', 349],
    ],
  },
  {
    name: 'Personal care',
    tax: 'std',
    brands: ['Pura', 'Keel Basics'],
    items: [
      ['Shampoo 300 ml', 249], ['Shower gel 250 ml', 149], ['Toothpaste 75 ml', 99], ['Toothbrush medium', 149],
      ['Deodorant roll-on 50 ml', 179], ['Hand cream 75 ml', 199], ['Tissues 10 packs', 149], ['Cotton pads 80', 99],
      ['Plasters 20', 229], ['Sun cream SPF 30 200 ml', 799],
    ],
  },
  {
    name: 'Stamps & vouchers',
    tax: 'zero',
    brands: [''],
    items: [['Postage stamp letter', 95], ['Postage stamp postcard', 95], ['Phone top-up 15 €', 1500], ['Phone top-up 30 €', 3000]],
  },
];

/** Extra words the large synthetic catalog combines with the items above (seed 004: 100k products). */
export const VARIANTS = ['Classic', 'Organic', 'Family pack', 'Light', 'Value', 'Mini', 'XXL', 'Limited', 'Original', 'Fresh', 'Select', 'Gourmet'];
