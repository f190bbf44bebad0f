using PatientIndex.Core.Clustering;

namespace PatientIndex.Core.Tests.Clustering;

public class PersonClustererTests
{
    [Fact]
    public void a_record_that_links_to_both_twins_never_chains_them_into_one_person()
    {
        var twinA = Rec.Make(given: "Oliver", family: "Hughes", dob: "2010-05-01", nhs: "9434765919", postcode: "LS1 4AP");
        var twinB = Rec.Make(given: "Harry", family: "Hughes", dob: "2010-05-01", nhs: "4010232137", postcode: "LS1 4AP");
        var noNumber = Rec.Make(family: "Hughes", dob: "2010-05-01", postcode: "LS1 4AP");
        var clusterer = new PersonClusterer([twinA, twinB, noNumber], _ => false);

        var refused = clusterer.Cluster([(0, 2, 0.999), (1, 2, 0.998)]);

        var person = clusterer.PersonOfEachRecord();
        Assert.NotEqual(person[0], person[1]);
        Assert.Single(refused);
        Assert.Contains("NHS", refused[0].Reason);
    }

    [Fact]
    public void a_parent_and_child_namesake_stay_apart_when_only_a_bridge_joins_them()
    {
        var father = Rec.Make(given: "John", family: "Smith", dob: "1960-02-03", postcode: "B33 8TH");
        var son = Rec.Make(given: "John", family: "Smith", dob: "1990-07-11", postcode: "B33 8TH");
        var noDob = Rec.Make(given: "John", family: "Smith", postcode: "B33 8TH");
        var clusterer = new PersonClusterer([father, son, noDob], _ => false);

        clusterer.Cluster([(0, 2, 0.995), (1, 2, 0.994)]);

        var person = clusterer.PersonOfEachRecord();
        Assert.NotEqual(person[0], person[1]);
    }

    [Fact]
    public void twins_sharing_a_birth_date_and_family_name_are_never_bridged_into_one_person()
    {
        var twinA = Rec.Make(given: "Chloe", family: "Pantazopoulos", dob: "1986-08-07", postcode: "LS1 4AP");
        var twinB = Rec.Make(given: "Eboni", family: "Pantazopoulos", dob: "1986-08-07", postcode: "LS1 4AP");
        var initialOnly = Rec.Make(given: "E", family: "Pantazopoulos", dob: "1986-08-07", postcode: "LS1 4AP");
        var clusterer = new PersonClusterer([twinA, twinB, initialOnly], _ => false);

        var refused = clusterer.Cluster([(0, 2, 0.999), (1, 2, 0.998)]);

        Assert.NotEqual(clusterer.PersonOfEachRecord()[0], clusterer.PersonOfEachRecord()[1]);
        Assert.Contains("twins", Assert.Single(refused).Reason);
    }

    [Fact]
    public void a_record_whose_given_and_family_names_were_both_overwritten_does_not_read_as_a_twin()
    {
        // Same birth date but nothing of the name in common: a garbled record, not a sibling (twins share a family name).
        var a = Rec.Make(given: "Amy", family: "Chandler", dob: "1951-07-15", postcode: "SA1 1AA");
        var garbled = Rec.Make(given: "Chandelr", family: "Ay", dob: "1951-07-15", postcode: "SA1 1AA");
        var bridge = Rec.Make(given: "Amy", family: "Chandler", dob: "1951-07-15");
        var clusterer = new PersonClusterer([a, garbled, bridge], _ => false);

        var refused = clusterer.Cluster([(0, 2, 0.999), (1, 2, 0.998)]);

        Assert.Empty(refused);
    }

    [Fact]
    public void linked_records_without_contradiction_form_one_person()
    {
        var a = Rec.Make(given: "Ann", family: "Lee", dob: "1970-01-02");
        var b = Rec.Make(given: "Anne", family: "Lee", dob: "1970-01-02");
        var c = Rec.Make(given: "Ann", family: "Lee", dob: "1970-02-01");
        var clusterer = new PersonClusterer([a, b, c], _ => true);

        clusterer.Cluster([(0, 1, 0.999), (0, 2, 0.995)]);

        Assert.Single(clusterer.PersonOfEachRecord().Distinct());
    }
}
