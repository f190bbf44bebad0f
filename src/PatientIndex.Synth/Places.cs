using System.Globalization;

namespace PatientIndex.Synth;

/// <summary>
/// UK towns with their postcode districts and dialling codes, and the parts streets are made of.
/// Outward codes follow the town's real postcode area so that postcode and city agree "roughly", as in
/// real data; a few London districts carry the sub-district letter (<c>EC1A</c>, <c>SW1A</c>, <c>W1D</c>).
/// </summary>
internal static class Places
{
    // name | short name | dialling code | outward codes ("LS1-29" expands to LS1..LS29) | relative population
    private static readonly string[] TownTable =
    [
        "London||020|E1-18,N1-22,NW1-11,SE1-28,SW2-20,W2-14,EC1A,EC1M,EC1V,EC2A,EC3N,EC4M,WC1A,WC1H,WC1N,WC2E,WC2H,W1D,W1F,W1G,W1H,W1K,W1T,W1U,W1W,SW1A,SW1E,SW1P,SW1V,SW1W,SW1X,E1W,N1C|420",
        "Birmingham||0121|B1-48|110",
        "Manchester||0161|M1-40|55",
        "Leeds||0113|LS1-29|78",
        "Liverpool||0151|L1-40|49",
        "Sheffield||0114|S1-36|58",
        "Bristol||0117|BS1-16|46",
        "Newcastle upon Tyne|Newcastle|0191|NE1-15|30",
        "Nottingham||0115|NG1-16|33",
        "Leicester||0116|LE1-9|36",
        "Coventry||024|CV1-8|37",
        "Bradford||01274|BD1-15|36",
        "Kingston upon Hull|Hull|01482|HU1-9|26",
        "Stoke-on-Trent|Stoke|01782|ST1-6|26",
        "Wolverhampton||01902|WV1-14|26",
        "Derby||01332|DE1-24|26",
        "Southampton||023|SO14-19|25",
        "Portsmouth||023|PO1-6|21",
        "Plymouth||01752|PL1-9|26",
        "Reading||0118|RG1-6|17",
        "Brighton||01273|BN1-3|23",
        "Norwich||01603|NR1-7|14",
        "Cambridge||01223|CB1-5|15",
        "Oxford||01865|OX1-4|15",
        "York||01904|YO1-32|20",
        "Exeter||01392|EX1-4|13",
        "Gloucester||01452|GL1-4|13",
        "Cheltenham||01242|GL50-53|12",
        "Bath||01225|BA1-2|9",
        "Swindon||01793|SN1-5|22",
        "Luton||01582|LU1-4|22",
        "Milton Keynes||01908|MK1-15|26",
        "Northampton||01604|NN1-5|22",
        "Peterborough||01733|PE1-7|20",
        "Ipswich||01473|IP1-5|14",
        "Colchester||01206|CO1-4|19",
        "Chelmsford||01245|CM1-3|18",
        "Southend-on-Sea|Southend|01702|SS0-3|18",
        "Canterbury||01227|CT1-2|6",
        "Maidstone||01622|ME14-17|17",
        "Guildford||01483|GU1-4|15",
        "Crawley||01293|RH10-11|12",
        "Croydon||020|CR0-8|39",
        "Bromley||020|BR1-2|33",
        "Kingston upon Thames|Kingston|020|KT1-2|17",
        "Harrow||020|HA1-3|26",
        "Ilford||020|IG1-6|30",
        "Romford||01708|RM1-7|26",
        "Watford||01923|WD17-25|10",
        "St Albans||01727|AL1-4|15",
        "Slough||01753|SL1-3|16",
        "High Wycombe||01494|HP10-13|12",
        "Aylesbury||01296|HP19-22|8",
        "Basingstoke||01256|RG21-24|11",
        "Bournemouth||01202|BH1-11|20",
        "Poole||01202|BH12-17|15",
        "Salisbury||01722|SP1-2|5",
        "Taunton||01823|TA1-2|6",
        "Truro||01872|TR1-4|5",
        "Worcester||01905|WR1-5|10",
        "Hereford||01432|HR1-4|6",
        "Shrewsbury||01743|SY1-5|8",
        "Telford||01952|TF1-7|18",
        "Walsall||01922|WS1-9|28",
        "Dudley||01384|DY1-3|32",
        "West Bromwich||0121|B70-71|13",
        "Solihull||0121|B90-94|21",
        "Lincoln||01522|LN1-6|10",
        "Grimsby||01472|DN31-37|9",
        "Doncaster||01302|DN1-12|31",
        "Rotherham||01709|S60-66|26",
        "Barnsley||01226|S70-75|24",
        "Wakefield||01924|WF1-4|34",
        "Huddersfield||01484|HD1-9|16",
        "Halifax||01422|HX1-7|9",
        "Harrogate||01423|HG1-5|8",
        "Middlesbrough||01642|TS1-9|14",
        "Sunderland||0191|SR1-7|28",
        "Durham||0191|DH1-7|10",
        "Darlington||01325|DL1-3|11",
        "Carlisle||01228|CA1-6|8",
        "Lancaster||01524|LA1-2|5",
        "Preston||01772|PR1-5|14",
        "Blackpool||01253|FY1-5|14",
        "Blackburn||01254|BB1-2|15",
        "Burnley||01282|BB10-12|9",
        "Bolton||01204|BL1-7|29",
        "Wigan||01942|WN1-6|33",
        "Oldham||0161|OL1-9|24",
        "Rochdale||01706|OL11-16|22",
        "Stockport||0161|SK1-8|29",
        "Warrington||01925|WA1-5|21",
        "Chester||01244|CH1-4|8",
        "Birkenhead||0151|CH41-43|9",
        "Crewe||01270|CW1-2|7",
        "Mansfield||01623|NG18-21|11",
        "Chesterfield||01246|S40-45|10",
        "Scunthorpe||01724|DN15-17|8",
        "Bedford||01234|MK40-45|17",
        "Stevenage||01438|SG1-2|9",
        "Hemel Hempstead||01442|HP1-3|9",
        "Gateshead||0191|NE8-11|20",
        "South Shields||0191|NE33-34|15",
        "Salford||0161|M3-7|27",
        "Cardiff||029|CF3,CF5,CF10-24|36",
        "Swansea||01792|SA1-7|24",
        "Newport||01633|NP10-20|16",
        "Wrexham||01978|LL11-14|14",
        "Bangor||01248|LL57|2",
        "Edinburgh||0131|EH1-17|52",
        "Glasgow||0141|G1-53|63",
        "Aberdeen||01224|AB10-25|23",
        "Dundee||01382|DD1-5|15",
        "Inverness||01463|IV1-3|5",
        "Stirling||01786|FK7-9|4",
        "Perth||01738|PH1-2|5",
        "Belfast||028|BT1-17|34",
        "Londonderry|Derry|028|BT47-48|9",
        "Lisburn||028|BT27-28|12",
        "Newry||028|BT34-35|3",
    ];

    public static readonly string[] StreetNames =
    [
        "Church", "High", "Station", "Victoria", "Park", "Mill", "Queens", "Kings", "Green", "Manor",
        "Main", "North", "South", "West", "East", "New", "School", "London", "Albert", "Chapel", "Grange",
        "Springfield", "Windsor", "Highfield", "Alexandra", "York", "Princes", "Oak", "Elm", "Beech", "Ash",
        "Willow", "Cedar", "Birch", "Holly", "Hawthorn", "Meadow", "Orchard", "Brook", "River", "Bridge",
        "Castle", "Abbey", "Priory", "Market", "Farm", "Forest", "Hill", "Moor", "Wood", "Marsh", "Field",
        "Lime", "Rose", "Ivy", "Clarence", "Cromwell", "Nelson", "Wellington", "Stanley", "Grosvenor",
        "Richmond", "Cambridge", "Oxford", "Derby", "Lancaster", "Melbourne", "Cavendish", "Devonshire",
        "Hamilton", "Churchill", "Fairfield", "Westfield", "Northfield", "Southfield", "Kingston", "Regent",
        "Bramble", "Heather", "Foxglove", "Lavender", "Primrose", "Bluebell", "Chestnut", "Sycamore", "Poplar",
        "Rowan", "Maple", "Laburnum", "Juniper", "Hazel", "Sandy", "Stone", "Windmill", "Watermill", "Canal",
        "Railway", "Coronation", "Jubilee", "St Johns", "St Marys", "St Peters", "St Andrews", "Vicarage",
        "Rectory", "Glebe", "Shakespeare", "Milton", "Byron", "Tennyson", "Wordsworth", "Gladstone", "Peel",
    ];

    /// <summary>Street types with their usual abbreviation (null when none is used).</summary>
    public static readonly (string Full, string? Short, double Weight)[] StreetTypes =
    [
        ("Road", "Rd", 30), ("Street", "St", 18), ("Lane", "Ln", 10), ("Avenue", "Ave", 9),
        ("Close", "Cl", 9), ("Drive", "Dr", 8), ("Way", null, 5), ("Crescent", "Cres", 4),
        ("Gardens", "Gdns", 3), ("Grove", "Gr", 3), ("Place", "Pl", 3), ("Court", "Ct", 3),
        ("Terrace", "Terr", 3), ("Walk", null, 1.5), ("Rise", null, 1), ("View", null, 1.5),
        ("Mews", null, 1), ("Square", "Sq", 1), ("Row", null, 0.5), ("Parade", "Pde", 0.5),
    ];

    public static readonly string[] HouseNames =
    [
        "Rose Cottage", "The Old Rectory", "Ivy Cottage", "The Willows", "Holly House", "Orchard House",
        "The Cottage", "Meadow View", "Hillcrest", "Woodside", "The Laurels", "Fairview", "Brambles",
        "Springfield House", "The Barn", "Mill House", "Old School House", "Keepers Cottage",
        "The Coach House", "Greystones", "The Old Vicarage", "Beech House", "Sunnyside", "The Lodge",
    ];

    public static readonly string[] BlockNames =
    [
        "Nelson", "Victoria", "Jubilee", "Albion", "Regent", "Kingfisher", "Heron", "Mulberry", "Cedar",
        "Tudor", "Priory", "Canal", "Riverside", "Millennium", "Wellington", "Marlborough", "Wharf", "Abbey",
    ];

    public static readonly string[] BlockTypes = ["House", "Court", "Tower", "Point", "Lodge", "Mansions", "Heights"];

    /// <summary>Neighbourhood names some systems put on address line 2.</summary>
    public static readonly string[] Localities =
    [
        "Ashfield", "Beechwood", "Brookside", "Fairfield", "Greenhill", "Hillside", "Lowfield", "Moorside",
        "Newtown", "Northfield", "Oakwood", "Parkside", "Riverside", "Southfield", "Springfield", "Westbury",
        "Woodlands", "Eastfield", "Highfield", "Mount Pleasant", "Stonebridge", "Meadowbank", "Longford",
        "Fernhill", "Whitehall", "Bramley", "Netherton", "Upperthorpe", "Old Town", "Broadwater",
    ];

    public static readonly Town[] Towns = ParseTowns();

    public static readonly WeightedPicker<Town> TownPicker = new(Towns, Towns.Select(t => t.Weight).ToArray());

    public static readonly WeightedPicker<string> StreetNamePicker = WeightedPicker<string>.Zipf(StreetNames, 20);

    public static readonly WeightedPicker<int> StreetTypePicker =
        new(Enumerable.Range(0, StreetTypes.Length).ToArray(), StreetTypes.Select(t => t.Weight).ToArray());

    private static Town[] ParseTowns()
    {
        var towns = new Town[TownTable.Length];
        for (var i = 0; i < TownTable.Length; i++)
        {
            var parts = TownTable[i].Split('|');
            var outward = new List<string>();
            foreach (var spec in parts[3].Split(','))
            {
                var dash = spec.IndexOf('-');
                if (dash < 0)
                {
                    outward.Add(spec);
                    continue;
                }
                var letters = 0;
                while (char.IsLetter(spec[letters])) letters++;
                var area = spec[..letters];
                var from = int.Parse(spec[letters..dash], CultureInfo.InvariantCulture);
                var to = int.Parse(spec[(dash + 1)..], CultureInfo.InvariantCulture);
                for (var district = from; district <= to; district++)
                    outward.Add(area + district);
            }
            towns[i] = new Town(parts[0], parts[1].Length == 0 ? null : parts[1], parts[2], outward.ToArray(), double.Parse(parts[4], CultureInfo.InvariantCulture));
        }
        return towns;
    }
}
