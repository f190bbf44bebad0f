namespace PatientIndex.Synth;

/// <summary>
/// Family names by culture, most common first, drawn with Zipf-like weights so that Smith, Jones and
/// Patel collide as often as they do in real registers, plus a long tail of rare, spaced, apostrophised
/// and double-barrelled names that stress normalisation.
/// </summary>
internal static class FamilyNames
{
    private static readonly string[] British =
    [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
        "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
        "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
        "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James",
        "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell",
        "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
        "Cox", "Richards", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster", "Chapman",
        "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Campbell", "Matthews", "Owen", "Palmer",
        "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
        "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Fletcher", "Walsh", "Gibson", "Howard",
        "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day",
        "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Dawson", "Ball", "Burton",
        "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis",
        "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr",
        "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid",
        "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson",
        "Bird", "Gardner", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop",
        "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls",
        "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
        "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp", "Hardy",
        "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George", "Jordan", "Hutchinson",
        "Rowe", "Burke", "May", "Pritchard", "Gilbert", "Willis", "Higgins", "Read", "Miles", "Stevenson",
        "Stephenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater", "Austin",
        "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Stephens", "Blake", "Lynch", "Goodwin", "Barton",
        "Woodward", "Thomson", "Cunningham", "Quinn", "Barnett", "Baxter", "Bibby", "Clayton", "Nash", "Greenwood",
        "Jennings", "Holt", "Kemp", "Poole", "Gallagher", "Bond", "Stokes", "Tucker", "Davidson", "Fowler",
        "Heath", "Norman", "Middleton", "Lawson", "Banks", "French", "Stanley", "Jarvis", "Gibbs", "Ferguson",
        "Hayward", "Carroll", "Douglas", "Dickinson", "Todd", "Barlow", "Peters", "Lucas", "Knowles", "Hartley",
        "Simmons", "Morrison", "Benson", "Herbert", "Hicks", "Perkins", "Hanson", "Fleming", "Thornton", "Black",
        "Dobson", "Wade", "Charlton", "Farrell", "Pollard", "Whittaker", "Moran", "Coates", "Lamb", "Brennan",
        "Townsend", "Kirk", "Vaughan", "Glover", "MacDonald", "Mackenzie", "McKenzie", "Fraser", "Milne", "Sinclair",
        "Paterson", "Cameron", "Duncan", "Munro", "Ritchie", "MacLeod", "McLeod", "McIntosh", "Mackintosh", "McLean",
        "Maclean", "McGregor", "MacGregor", "Kerr", "Hay", "Bruce", "Crawford", "Boyle", "Doherty", "Docherty",
        "McLaughlin", "Donnelly", "Kavanagh", "Fitzgerald", "Fitzpatrick", "O'Sullivan", "O'Donnell", "O'Reilly", "O'Hara", "O'Leary",
        "O'Shea", "O'Callaghan", "O'Keefe", "Maguire", "McCann", "McGrath", "McManus", "Flanagan", "Keane", "Dunne",
        "Nolan", "Lyons", "Regan", "Connolly", "Duffy", "Gough", "Rowlands", "Pugh", "Bowen", "Prosser",
        "Bevan", "Howells", "Probert", "Meredith", "Llewellyn", "Hopkin", "Abbott", "Ashton", "Atherton", "Bateman",
        "Beck", "Bentley", "Birch", "Blackburn", "Bolton", "Bradshaw", "Brady", "Briggs", "Bull", "Bullock",
        "Burrows", "Bush", "Chadwick", "Chandler", "Cartwright", "Clements", "Connor", "Conway", "Crowther", "Dale",
        "Daly", "Davey", "Dennis", "Dodd", "Drake", "Eaton", "Farmer", "Field", "Finch", "Flynn",
        "Forster", "Fuller", "Garner", "Gardiner", "Hale", "Hancock", "Hargreaves", "Haynes", "Hilton", "Hobbs",
        "Holden", "Holloway", "Horton", "Howell", "Hurst", "Ingram", "Joyce", "Kay", "Keen", "Kent",
        "Kirby", "Lancaster", "Leach", "Lister", "Little", "Lord", "Manning", "Mellor", "Metcalfe", "Moody",
        "Morley", "Morton", "Naylor", "Norris", "North", "Norton", "Owens", "Parkinson", "Pickering", "Pike",
        "Pope", "Preston", "Randall", "Rhodes", "Rowley", "Sanders", "Savage", "Schofield", "Sharpe", "Sheppard",
        "Skinner", "Steele", "Summers", "Swift", "Talbot", "Tate", "Thorpe", "Tyler", "Vincent", "Wall",
        "Warner", "Waters", "Weaver", "Whitaker", "Wilkins", "Winter", "Woodcock", "Wyatt", "Yeomans", "Brookes",
        "Gill", "Rowland", "Humphreys", "Jacobs", "Sykes", "Sherwood", "Bryant", "Hyde", "Emery", "Howe",
    ];

    /// <summary>Uncommon names, drawn uniformly: the tail that makes a surname match informative.</summary>
    private static readonly string[] Rare =
    [
        "Blenkinsop", "Featherstonehaugh", "Ramsbottom", "Higginbottom", "Winterbottom", "Sidebottom", "Onions",
        "Quarmby", "Tregear", "Penhaligon", "Trelawney", "Polglase", "Nankervis", "Cholmondeley", "Ffoulkes",
        "ap Rhys", "Le Mesurier", "de Souza", "D'Arcy", "St John", "Van der Merwe", "Smyth", "Smythe",
        "Thwaite", "Ackroyd", "Aspinall", "Bagshaw", "Belcher", "Birtwistle", "Blackledge", "Boddington",
        "Braithwaite", "Brocklehurst", "Cattermole", "Clegg", "Crabtree", "Dimbleby", "Entwistle", "Fairclough",
        "Garside", "Greenhalgh", "Haigh", "Hepplewhite", "Hinchcliffe", "Holroyd", "Illingworth", "Jagger",
        "Kettlewell", "Lightfoot", "Longbottom", "Marchbank", "Nettleton", "Oddie", "Pennington",
        "Postlethwaite", "Pybus", "Rawnsley", "Scattergood", "Shufflebotham", "Sowerby", "Tetley", "Threlfall",
        "Tunnicliffe", "Uttley", "Vickerstaff", "Wagstaff", "Whalley", "Wolstenholme", "Yardley", "Zouch",
        "Goldsworthy", "Trevithick", "Pascoe", "Penrose", "Trevelyan", "Chenoweth", "Kitto", "Jory", "Rowse",
        "Angove", "Blamey", "Truscott", "McGillivray", "Urquhart", "Farquharson", "Cruickshank", "Menzies",
        "Dalziel", "Colquhoun", "Featherstone", "Gaukroger", "Leatherbarrow", "Muckle", "Pettigrew", "Quayle",
        "Cregeen", "Kewley", "Le Page", "De Gruchy", "Le Brocq", "O'Loughlin", "Mac an tSaoir", "Ó Briain",
        "Lloyd-Jones", "Vaughan-Williams", "Wynne-Jones", "Bowen-Jones", "Heathcote-Amory", "Fox-Talbot",
        "Lane-Fox", "Hope-Johnstone", "Fiennes-Clinton", "Ashby-Smith", "Carr-Gomm",
    ];

    private static readonly string[] SouthAsianMuslim =
    [
        "Khan", "Ali", "Ahmed", "Hussain", "Akhtar", "Iqbal", "Mahmood", "Rahman", "Islam", "Miah", "Uddin",
        "Ahmad", "Mohammed", "Shah", "Rashid", "Aziz", "Malik", "Butt", "Sheikh", "Qureshi", "Raza",
        "Chaudhry", "Anwar", "Ashraf", "Nawaz", "Javed", "Saleem", "Choudhury", "Hassan", "Hussein", "Akram",
        "Riaz", "Siddiqui", "Haq", "Karim", "Latif", "Mirza", "Sultan", "Ullah", "Bashir",
    ];

    private static readonly string[] SouthAsianHindu =
    [
        "Patel", "Shah", "Sharma", "Kumar", "Mistry", "Chauhan", "Parmar", "Desai", "Joshi", "Mehta", "Modi",
        "Solanki", "Lad", "Pandya", "Thakkar", "Gupta", "Rao", "Reddy", "Naidu", "Iyer", "Pillai", "Nair",
        "Menon", "Bhatt", "Trivedi", "Vyas", "Rana", "Varma", "Kapoor", "Malhotra", "Chopra", "Khanna",
        "Sethi", "Bose", "Das", "Ghosh", "Mukherjee", "Chatterjee", "Banerjee", "Vaghela",
    ];

    private static readonly string[] Sikh =
    [
        "Sandhu", "Gill", "Dhillon", "Sidhu", "Johal", "Grewal", "Bains", "Mann", "Virdee", "Thind", "Sahota",
        "Bhamra", "Kang", "Atwal", "Dhaliwal", "Randhawa", "Sangha", "Hayer", "Bassi", "Chahal", "Uppal",
        "Rai", "Matharu", "Sohal", "Kalsi",
    ];

    private static readonly string[] EasternEuropean =
    [
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
        "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
        "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Nowicki", "Adamczyk", "Dudek",
        "Zając", "Wieczorek", "Jabłoński", "Król", "Majewski", "Olszewski", "Popescu", "Ionescu", "Popa",
        "Dumitru", "Stan", "Constantin", "Kazlauskas", "Petrauskas", "Jankauskas", "Ozols", "Bērziņš",
        "Horváth", "Novák", "Svoboda", "Kovács",
    ];

    private static readonly string[] WestAfrican =
    [
        "Adeyemi", "Okafor", "Okonkwo", "Mensah", "Owusu", "Boateng", "Asante", "Adebayo", "Oluwole",
        "Balogun", "Eze", "Nwosu", "Obi", "Ogunleye", "Adewale", "Afolabi", "Bello", "Danso", "Appiah", "Osei",
        "Agyeman", "Ofori", "Acheampong", "Okoro", "Chukwu", "Nwachukwu", "Onyeka", "Sesay", "Kamara",
        "Conteh", "Jalloh", "Bangura", "Koroma", "Ogundipe", "Adeleke", "Akinola", "Oyelaran", "Adeniyi",
        "Olatunji", "Ademola", "Okeke", "Nwankwo", "Amoah", "Darko", "Opoku",
    ];

    private static readonly string[] Somali =
    [
        "Mohamed", "Ahmed", "Ali", "Hassan", "Abdi", "Omar", "Ibrahim", "Yusuf", "Farah", "Jama", "Osman",
        "Warsame", "Hersi", "Abdullahi", "Nur", "Aden", "Egal", "Duale", "Gedi", "Haji", "Ismail", "Muse",
        "Elmi", "Guled", "Hirsi",
    ];

    private static readonly string[] Chinese =
    [
        "Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Chan", "Yang", "Huang", "Lam", "Cheung", "Ng", "Ho",
        "Lau", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "Tang", "Leung", "Yip", "Tsang",
        "Chow", "Cheng", "Kwok", "Lai", "Fung", "Tam", "Yeung", "Lo",
    ];

    private static readonly WeightedPicker<string> BritishPicker = WeightedPicker<string>.Zipf(British, 15);
    private static readonly WeightedPicker<string> BritishHeadPicker = WeightedPicker<string>.Zipf(British[..200], 15);
    private static readonly WeightedPicker<string>[] Pickers =
    [
        BritishPicker,
        WeightedPicker<string>.Zipf(SouthAsianMuslim, 2),
        // No offset: Patel comes out near a quarter of this list, as it dominates Gujarati surnames in UK registers.
        WeightedPicker<string>.Zipf(SouthAsianHindu, 0),
        WeightedPicker<string>.Zipf(Sikh, 2),
        WeightedPicker<string>.Zipf(EasternEuropean, 4),
        WeightedPicker<string>.Zipf(WestAfrican, 4),
        WeightedPicker<string>.Zipf(Somali, 2),
        WeightedPicker<string>.Zipf(Chinese, 2),
    ];

    /// <summary>Every family name the lists hold (double-barrelled combinations are made on the fly).</summary>
    public static IEnumerable<string> All =>
        new[] { British, Rare, SouthAsianMuslim, SouthAsianHindu, Sikh, EasternEuropean, WestAfrican, Somali, Chinese }
            .SelectMany(list => list).Distinct(StringComparer.Ordinal);

    /// <summary>A family name in its masculine/base form for the culture.</summary>
    public static string Pick(Culture culture, Random random)
    {
        if (culture != Culture.British)
            return Pickers[(int)culture].Pick(random);

        var roll = random.NextDouble();
        if (roll < 0.08) return Rare[random.Next(Rare.Length)];
        if (roll < 0.095) return DoubleBarrelled(random);
        return BritishPicker.Pick(random);
    }

    /// <summary>Two common names joined by a hyphen, as when parents combine their surnames.</summary>
    public static string DoubleBarrelled(Random random)
    {
        var first = BritishHeadPicker.Pick(random);
        string second;
        do second = BritishHeadPicker.Pick(random); while (second == first);
        return first + "-" + second;
    }

    /// <summary>
    /// Polish (and other Slavic) surnames in -ski/-cki/-dzki take -ska/-cka/-dzka for women,
    /// so husband, wife and daughter spell the family name differently.
    /// </summary>
    public static string ForSex(string familyName, Culture culture, Sex sex)
    {
        if (culture != Culture.EasternEuropean || sex != Sex.Female) return familyName;
        return familyName.EndsWith("ski", StringComparison.Ordinal) || familyName.EndsWith("cki", StringComparison.Ordinal)
            ? familyName[..^1] + "a"
            : familyName;
    }
}
