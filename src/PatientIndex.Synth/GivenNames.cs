namespace PatientIndex.Synth;

/// <summary>
/// Given and middle names by culture and sex, most common first. British names are split by birth era
/// (a Margaret is usually over sixty, an Olivia under thirty) because that is what makes a name and a
/// birth year plausible together; the other lists are era-neutral. Spelling variants (Stephen/Steven,
/// Mohammed/Muhammad, Katherine/Catherine) are listed as separate names on purpose.
/// </summary>
internal static class GivenNames
{
    private static readonly string[] BritishMaleOlder =
    [
        "John", "David", "Michael", "Peter", "Robert", "Anthony", "Brian", "Alan", "William", "James",
        "Kenneth", "Ronald", "Roy", "George", "Raymond", "Dennis", "Derek", "Barry", "Keith", "Colin",
        "Geoffrey", "Terence", "Trevor", "Roger", "Malcolm", "Graham", "Christopher", "Richard", "Thomas",
        "Frederick", "Arthur", "Frank", "Harold", "Albert", "Leslie", "Norman", "Donald", "Eric", "Gordon",
        "Stanley", "Ernest", "Walter", "Bernard", "Douglas", "Edward", "Philip", "Patrick", "Francis",
        "Gerald", "Clifford", "Leonard", "Reginald", "Cyril", "Sidney", "Herbert", "Alfred", "Maurice",
        "Victor", "Laurence", "Lawrence", "Gerard", "Hugh", "Clive", "Neville", "Desmond", "Cecil",
    ];

    private static readonly string[] BritishMaleMiddle =
    [
        "David", "Paul", "Mark", "Andrew", "Richard", "Stephen", "Christopher", "Michael", "Ian", "Gary",
        "Darren", "Lee", "Neil", "Martin", "Simon", "Jonathan", "Matthew", "Daniel", "James", "Robert",
        "John", "Craig", "Jason", "Wayne", "Kevin", "Anthony", "Stuart", "Steven", "Carl", "Scott", "Dean",
        "Adam", "Thomas", "Philip", "Phillip", "Nicholas", "Peter", "Sean", "Shaun", "Alan", "Timothy",
        "Ryan", "Jamie", "Gareth", "Russell", "Kieran", "Liam", "Benjamin", "Luke", "Nathan", "Ross",
        "Glenn", "Antony", "Jonathon", "Marcus", "Duncan", "Alistair", "Iain", "Rhys", "Owen", "Dominic",
        "Gavin", "Jeremy", "Leon", "Terry", "Tony", "Damien", "Aaron", "Joseph", "Samuel", "Edward",
    ];

    private static readonly string[] BritishMaleYounger =
    [
        "Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
        "Leo", "Thomas", "Joshua", "William", "James", "Henry", "Archie", "Theo", "Arthur", "Ethan",
        "Lucas", "Max", "Isaac", "Logan", "Joseph", "Samuel", "Daniel", "Harrison", "Mason", "Dylan",
        "Riley", "Finley", "Jayden", "Tyler", "Lewis", "Ryan", "Callum", "Kai", "Reuben", "Toby", "Louie",
        "Teddy", "Tommy", "Elijah", "Albie", "Ronnie", "Hugo", "Jenson", "Rory", "Sebastian", "Zachary",
        "Luca", "Ollie", "Bobby", "Frankie", "Elliot", "Owen", "Connor", "Kyle", "Bradley", "Jordan",
        "Jake", "Cameron", "Ellis", "Alexander", "Benjamin", "Matthew", "Adam", "Nathan", "Liam", "Jamie",
        "Kian", "Brandon", "Declan", "Caleb", "Ezra", "Jude", "Ralph", "Stanley", "Jesse", "Hunter",
    ];

    private static readonly string[] BritishFemaleOlder =
    [
        "Margaret", "Mary", "Patricia", "Jean", "Joan", "Dorothy", "Elizabeth", "Joyce", "Doreen", "Irene",
        "Sheila", "Barbara", "Betty", "Kathleen", "Eileen", "Sylvia", "Brenda", "Valerie", "Pamela",
        "Maureen", "Shirley", "Audrey", "Doris", "Marjorie", "Edna", "Elsie", "Gladys", "Winifred",
        "Hilda", "Ivy", "Violet", "Ethel", "Florence", "Lilian", "Vera", "Gwendoline", "Muriel", "Beryl",
        "June", "Rita", "Janet", "Ann", "Anne", "Christine", "Susan", "Carol", "Linda", "Judith",
        "Jacqueline", "Gillian", "Marion", "Rosemary", "Hazel", "Evelyn", "Mavis", "Norma", "Phyllis",
        "Pauline", "Sandra", "Wendy", "Josephine", "Elaine", "Helen", "Catherine", "Bridget", "Agnes",
        "Annie", "Edith", "Lesley", "Diane", "Frances", "Teresa", "Yvonne", "Maria",
    ];

    private static readonly string[] BritishFemaleMiddle =
    [
        "Sarah", "Claire", "Nicola", "Emma", "Lisa", "Joanne", "Michelle", "Helen", "Samantha", "Karen",
        "Amanda", "Rachel", "Louise", "Julie", "Clare", "Rebecca", "Kelly", "Victoria", "Laura", "Tracey",
        "Donna", "Deborah", "Dawn", "Alison", "Jennifer", "Catherine", "Katherine", "Kathryn", "Elizabeth",
        "Caroline", "Suzanne", "Joanna", "Natalie", "Kerry", "Hayley", "Gemma", "Stacey", "Leanne",
        "Charlotte", "Lucy", "Hannah", "Sophie", "Amy", "Zoe", "Kirsty", "Jessica", "Jodie", "Danielle",
        "Lindsey", "Nicole", "Andrea", "Angela", "Sharon", "Tracy", "Lynne", "Sally", "Jane", "Ruth",
        "Kate", "Anna", "Fiona", "Heather", "Emily", "Stephanie", "Melanie", "Sian", "Ceri", "Siobhan",
        "Kimberley", "Lauren", "Jade", "Kayleigh", "Chloe", "Amber", "Rachael", "Vicky", "Jo", "Toni",
    ];

    private static readonly string[] BritishFemaleYounger =
    [
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella", "Lily",
        "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Harper", "Willow", "Charlotte", "Florence",
        "Isabelle", "Daisy", "Sienna", "Phoebe", "Matilda", "Alice", "Ruby", "Jessica", "Chloe", "Millie",
        "Holly", "Lucy", "Megan", "Ellie", "Katie", "Lola", "Erin", "Maisie", "Eva", "Scarlett", "Layla",
        "Rosie", "Imogen", "Molly", "Hannah", "Abigail", "Zara", "Eliza", "Lexi", "Niamh", "Aoife",
        "Caitlin", "Bethany", "Georgia", "Amber", "Leah", "Paige", "Courtney", "Shannon", "Rebecca",
        "Jasmine", "Elsie", "Maya", "Hallie", "Darcie", "Thea", "Nancy", "Violet", "Aria", "Esme",
        "Emilia", "Orla", "Elizabeth", "Summer", "Lacey", "Skye", "Harriet", "Francesca", "Libby",
    ];

    private static readonly string[] SouthAsianMuslimMale =
    [
        "Mohammed", "Muhammad", "Mohammad", "Ahmed", "Ali", "Hassan", "Imran", "Adnan", "Bilal", "Usman",
        "Omar", "Zain", "Ibrahim", "Yusuf", "Hamza", "Ayaan", "Abdul", "Tariq", "Shahid", "Zubair",
        "Faisal", "Asif", "Naveed", "Kamran", "Rayyan", "Zakariya", "Irfan", "Sajid", "Waqas", "Arif",
        "Shabir", "Rizwan", "Junaid", "Mahmood", "Nadeem", "Rashid", "Jamal", "Idris", "Musa", "Ismail",
    ];

    private static readonly string[] SouthAsianMuslimFemale =
    [
        "Fatima", "Aisha", "Ayesha", "Zainab", "Maryam", "Amina", "Sana", "Nadia", "Saima", "Shazia",
        "Farah", "Hina", "Noor", "Zara", "Hafsa", "Khadija", "Anisa", "Nasreen", "Shabana", "Rukhsana",
        "Parveen", "Yasmin", "Ruksana", "Tahira", "Samina", "Shamim", "Aaliyah", "Inaaya", "Sumaya",
        "Bushra", "Rubina", "Sadia", "Safiya", "Alisha", "Hajra", "Iqra", "Mariam", "Asma", "Nazia",
    ];

    private static readonly string[] SouthAsianHinduMale =
    [
        "Arjun", "Rohan", "Rahul", "Amit", "Sanjay", "Rajesh", "Vijay", "Deepak", "Anil", "Sunil", "Ravi",
        "Arun", "Vikram", "Nikhil", "Aryan", "Dev", "Kabir", "Aarav", "Krishna", "Manoj", "Ashok",
        "Dinesh", "Hitesh", "Nitin", "Pranav", "Suresh", "Mahesh", "Kiran", "Jay", "Neil", "Vivek",
    ];

    private static readonly string[] SouthAsianHinduFemale =
    [
        "Priya", "Anjali", "Sunita", "Meena", "Neha", "Pooja", "Kavita", "Rekha", "Asha", "Geeta", "Kiran",
        "Anaya", "Diya", "Riya", "Nisha", "Shreya", "Divya", "Hema", "Bhavna", "Hetal", "Jyoti", "Leela",
        "Mira", "Nikita", "Radha", "Seema", "Usha", "Preeti", "Isha", "Tara",
    ];

    private static readonly string[] SikhMale =
    [
        "Harpreet", "Gurpreet", "Jaspal", "Sukhwinder", "Manpreet", "Kulwinder", "Jasvir", "Harjit",
        "Parminder", "Balwinder", "Surinder", "Ravinder", "Amrik", "Gurdeep", "Jagdeep", "Sandeep",
        "Harvinder", "Kuldip", "Tejinder", "Arjan", "Gurveer", "Jaskaran", "Simran", "Amarjit",
    ];

    private static readonly string[] SikhFemale =
    [
        "Harpreet", "Manpreet", "Gurpreet", "Jaspreet", "Simran", "Navdeep", "Rupinder", "Kiran",
        "Amandeep", "Rajinder", "Sukhjit", "Parminder", "Kulwant", "Balbir", "Harleen", "Jasleen",
        "Gurleen", "Navneet", "Surjit", "Baljinder", "Amrit", "Inderjit", "Ravneet", "Mandeep",
    ];

    private static readonly string[] EasternEuropeanMale =
    [
        "Jakub", "Kacper", "Szymon", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz",
        "Mateusz", "Kamil", "Adam", "Dawid", "Bartosz", "Grzegorz", "Marek", "Andrzej", "Wojciech", "Jan",
        "Patryk", "Mariusz", "Dariusz", "Sebastian", "Rafał", "Damian", "Artur", "Andrei", "Ionuț", "Mihai",
        "Alexandru", "Bogdan", "Florin", "Tomas", "Mantas", "Darius", "Jānis", "Aleksander", "Zbigniew",
    ];

    private static readonly string[] EasternEuropeanFemale =
    [
        "Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Aleksandra", "Monika", "Ewa",
        "Małgorzata", "Karolina", "Natalia", "Marta", "Justyna", "Paulina", "Dominika", "Agata",
        "Zuzanna", "Julia", "Maja", "Weronika", "Kinga", "Beata", "Dorota", "Iwona", "Izabela", "Sylwia",
        "Patrycja", "Wiktoria", "Ewelina", "Ioana", "Elena", "Andreea", "Mihaela", "Rūta", "Eglė",
        "Laura", "Kristina", "Inga", "Oksana",
    ];

    private static readonly string[] WestAfricanMale =
    [
        "Oluwaseun", "Olumide", "Adebayo", "Babatunde", "Chinedu", "Chukwuemeka", "Emeka", "Ikechukwu",
        "Obinna", "Tunde", "Femi", "Segun", "Kwame", "Kwabena", "Kofi", "Kojo", "Yaw", "Kwesi", "Kweku",
        "Ebenezer", "Emmanuel", "Samuel", "Daniel", "David", "Joseph", "Michael", "Godfrey", "Chidi",
        "Uchenna", "Nnamdi", "Ayodele", "Oluwafemi", "Tobi", "Damilola", "Abiodun", "Ibrahim", "Musa",
        "Prince", "Godwin", "Victor", "Festus", "Olusegun", "Oluwatobi",
    ];

    private static readonly string[] WestAfricanFemale =
    [
        "Adaeze", "Chiamaka", "Chioma", "Ngozi", "Nkechi", "Oluwaseun", "Folake", "Funmilayo", "Bukola",
        "Yetunde", "Abimbola", "Titilayo", "Temitope", "Adwoa", "Akosua", "Abena", "Ama", "Efua", "Esi",
        "Yaa", "Grace", "Blessing", "Mercy", "Joy", "Patience", "Comfort", "Precious", "Favour", "Gift",
        "Esther", "Deborah", "Ruth", "Funke", "Ifeoma", "Amaka", "Ebere", "Damilola", "Busola", "Kemi",
        "Oluwadamilola", "Mariama", "Fatmata",
    ];

    private static readonly string[] SomaliMale =
    [
        "Mohamed", "Abdi", "Abdullahi", "Ahmed", "Hassan", "Hussein", "Omar", "Ali", "Yusuf", "Ibrahim",
        "Mustafa", "Khalid", "Abdirahman", "Abdirizak", "Said", "Mahad", "Liban", "Guled", "Bashir",
        "Abdikarim", "Farah", "Ayanle",
    ];

    private static readonly string[] SomaliFemale =
    [
        "Fadumo", "Hodan", "Amina", "Asha", "Sahra", "Hawa", "Nimco", "Ayan", "Ifrah", "Hibo", "Sagal",
        "Ubah", "Khadra", "Deqa", "Fardowsa", "Hamdi", "Idil", "Najma", "Sucaad", "Muna", "Ikran",
    ];

    private static readonly string[] ChineseMale =
    [
        "Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Tao", "Yong", "Kevin", "Jason", "Jackie", "Eric",
        "Tony", "Kelvin", "Wing", "Ka", "Chun", "Zhi", "Bo", "Yi", "Hong", "Kenneth", "Raymond",
    ];

    private static readonly string[] ChineseFemale =
    [
        "Mei", "Li", "Ying", "Xin", "Jing", "Hui", "Yan", "Ling", "Fang", "Grace", "Cindy", "Amy", "Joyce",
        "Karen", "Winnie", "Xiao", "Qing", "Wai", "Man", "Yuen", "Shirley", "Vivian", "Yu",
    ];

    private static readonly string[] BritishMiddleMale =
    [
        "James", "John", "David", "Michael", "Paul", "Alexander", "Thomas", "William", "Edward", "Lee",
        "Robert", "Peter", "Anthony", "George", "Charles", "Richard", "Joseph", "Daniel", "Andrew",
        "Stephen", "Christopher", "Mark", "Jack", "Henry", "Luke", "Ryan", "Scott", "Jay", "Ray", "Arthur",
        "Frederick", "Francis", "Patrick", "Alan", "Ernest", "Albert", "Owen", "Dean", "Oliver", "Alfie",
    ];

    private static readonly string[] BritishMiddleFemale =
    [
        "Louise", "Marie", "Elizabeth", "Jane", "Ann", "Anne", "Mary", "Rose", "Grace", "May", "Mae",
        "Jayne", "Lynn", "Victoria", "Jade", "Catherine", "Michelle", "Emily", "Sophie", "Charlotte",
        "Frances", "Margaret", "Joy", "Amelia", "Olivia", "Leigh", "Lily", "Ellen", "Alice", "Hope",
        "Patricia", "Elaine", "Dawn", "Florence", "Evelyn", "Kate", "Lucy", "Megan", "Isabella", "Violet",
    ];

    private static readonly WeightedPicker<string>[,] Pickers = BuildPickers();
    private static readonly WeightedPicker<string>[] BritishByEra =
    [
        WeightedPicker<string>.Zipf(BritishMaleOlder, 6), WeightedPicker<string>.Zipf(BritishMaleMiddle, 6),
        WeightedPicker<string>.Zipf(BritishMaleYounger, 6), WeightedPicker<string>.Zipf(BritishFemaleOlder, 6),
        WeightedPicker<string>.Zipf(BritishFemaleMiddle, 6), WeightedPicker<string>.Zipf(BritishFemaleYounger, 6),
    ];
    private static readonly WeightedPicker<string> MiddleMale = WeightedPicker<string>.Zipf(BritishMiddleMale, 4);
    private static readonly WeightedPicker<string> MiddleFemale = WeightedPicker<string>.Zipf(BritishMiddleFemale, 4);

    /// <summary>Every distinct given and middle name the generator can produce.</summary>
    public static IEnumerable<string> All =>
        new[]
        {
            BritishMaleOlder, BritishMaleMiddle, BritishMaleYounger, BritishFemaleOlder, BritishFemaleMiddle,
            BritishFemaleYounger, SouthAsianMuslimMale, SouthAsianMuslimFemale, SouthAsianHinduMale,
            SouthAsianHinduFemale, SikhMale, SikhFemale, EasternEuropeanMale, EasternEuropeanFemale,
            WestAfricanMale, WestAfricanFemale, SomaliMale, SomaliFemale, ChineseMale, ChineseFemale,
            BritishMiddleMale, BritishMiddleFemale,
        }.SelectMany(list => list).Distinct(StringComparer.Ordinal);

    public static string Given(Culture culture, Sex sex, int birthYear, Random random)
    {
        if (culture != Culture.British)
            return Pickers[(int)culture, (int)sex].Pick(random);

        // Mostly the birth era's fashion, with a fifth of people drawn from a neighbouring era.
        var era = birthYear < 1960 ? 0 : birthYear < 1995 ? 1 : 2;
        if (random.NextDouble() < 0.2)
            era = Math.Clamp(era + (random.Next(2) == 0 ? -1 : 1), 0, 2);
        return BritishByEra[(int)sex * 3 + era].Pick(random);
    }

    /// <summary>A middle name in the culture's custom, or null. Sikh middle names (Singh/Kaur) are set by the caller.</summary>
    public static string? Middle(Culture culture, Sex sex, int birthYear, Random random)
    {
        switch (culture)
        {
            case Culture.British:
                if (random.NextDouble() >= (birthYear < 1950 ? 0.5 : 0.68)) return null;
                var first = BritishMiddle(sex, birthYear, random);
                if (random.NextDouble() < 0.08)
                {
                    var second = BritishMiddle(sex, birthYear, random);
                    if (second != first) return first + " " + second;
                }
                return first;
            case Culture.SouthAsianMuslim:
                if (sex == Sex.Female && random.NextDouble() < 0.2) return "Begum";
                return random.NextDouble() < 0.25 ? Given(culture, sex, birthYear, random) : null;
            case Culture.SouthAsianHindu:
                return random.NextDouble() < 0.15 ? Given(culture, sex, birthYear, random) : null;
            case Culture.EasternEuropean:
                return random.NextDouble() < 0.12 ? Given(culture, sex, birthYear, random) : null;
            case Culture.WestAfrican:
                // Yoruba and Igbo second names are given names too, often the one a person goes by.
                return random.NextDouble() < 0.6 ? Given(culture, sex, birthYear, random) : null;
            case Culture.Somali:
                // The father's given name often ends up in the middle-name field.
                return random.NextDouble() < 0.5 ? Given(culture, Sex.Male, birthYear, random) : null;
            case Culture.Chinese:
                // An English name alongside a Chinese one; which field holds which varies by system.
                return random.NextDouble() < 0.3 ? BritishByEra[(int)sex * 3 + 1].Pick(random) : null;
            default:
                return null;
        }
    }

    private static string BritishMiddle(Sex sex, int birthYear, Random random) =>
        random.NextDouble() < 0.6
            ? (sex == Sex.Male ? MiddleMale : MiddleFemale).Pick(random)
            : Given(Culture.British, sex, birthYear, random);

    private static WeightedPicker<string>[,] BuildPickers()
    {
        var lists = new (Culture Culture, string[] Male, string[] Female)[]
        {
            (Culture.British, BritishMaleMiddle, BritishFemaleMiddle),
            (Culture.SouthAsianMuslim, SouthAsianMuslimMale, SouthAsianMuslimFemale),
            (Culture.SouthAsianHindu, SouthAsianHinduMale, SouthAsianHinduFemale),
            (Culture.Sikh, SikhMale, SikhFemale),
            (Culture.EasternEuropean, EasternEuropeanMale, EasternEuropeanFemale),
            (Culture.WestAfrican, WestAfricanMale, WestAfricanFemale),
            (Culture.Somali, SomaliMale, SomaliFemale),
            (Culture.Chinese, ChineseMale, ChineseFemale),
        };
        var pickers = new WeightedPicker<string>[lists.Length, 2];
        foreach (var (culture, male, female) in lists)
        {
            pickers[(int)culture, 0] = WeightedPicker<string>.Zipf(male, 5);
            pickers[(int)culture, 1] = WeightedPicker<string>.Zipf(female, 5);
        }
        return pickers;
    }
}
