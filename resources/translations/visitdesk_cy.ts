<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../visitdesk/ui/settings.py" line="+42"/>
        <source>Child in Need</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Looked after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child Protection and looked after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unborn children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+116"/>
        <source>Statutory visit records for children&apos;s social workers, kept encrypted on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;Standards:&lt;/b&gt; {name}</source>
        <extracomment>{name} is the authority whose standards are in use.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no standard set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Signed in as:&lt;/b&gt; {name} ({role})</source>
        <extracomment>{name} is the person; {role} is worker or manager, as stored.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Data folder:&lt;/b&gt; {folder}</source>
        <extracomment>{folder} is where the records are kept on this computer.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>About {app}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AboutRecord</name>
    <message>
        <location filename="../../visitdesk/ui/decisions.py" line="+42"/>
        <source>{weekday} {day} {month} {year} at {time}</source>
        <extracomment>For example &quot;Thursday 4 March 2016 at 10:30&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the visit to {child} on {when}, written by {worker}</source>
        <extracomment>Goes into a sentence: &quot;You are authorising the visit to ... &quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the visit to {child} on {when}</source>
        <extracomment>Goes into a sentence: &quot;You are authorising the visit to ... &quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{first} and {last}</source>
        <extracomment>Joins the last two of a list of names: &quot;{first} and {last}&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>the household visit on {when}, written by {worker}</source>
        <extracomment>Goes into a sentence: &quot;You are authorising all 3 records of ...&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the household visit on {when}</source>
        <extracomment>Goes into a sentence: &quot;You are authorising all 3 records of ...&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddChildDialog</name>
    <message>
        <location filename="../../visitdesk/ui/add_child.py" line="+53"/>
        <source>Add a child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Given name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Family name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not yet born (give the expected date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth or expected date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the date, for example 4 Mar 2016; for an unborn child tick Not yet born and give the expected date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Case-system reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allocated to you on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Given name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Family name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Born (or expected):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case &amp;reference:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan &amp;start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;llocated to you on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the expected date has passed; if the baby has been born, untick Not yet born and give the date of birth</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddToHouseholdDialog</name>
    <message>
        <location filename="../../visitdesk/ui/household_box.py" line="+77"/>
        <source>Add a child to this household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Who has come to live with {name}?</source>
        <extracomment>{name} is the child whose page this is.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type part of a name to find the child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Children on your caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is no other child on your caseload to add. Add the child to your caseload first (Add a child… on the caseload), then come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Living here from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What adding this child does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>Add to household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Living here from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>no plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} — {age}, {plan}</source>
        <extracomment>One child in the list: {name}, {age} (&quot;7 years&quot;), {plan} (&quot;CIN Plan&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} — {age}, {plan} — lives in the {household}</source>
        <extracomment>One child in the list; {household} is where they live now (&quot;Thomas household&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{name} lives in the {household} now. Adding them here moves them out of it from the date above; their time there stays in their history.</source>
        <extracomment>{name} is a child; {household} the household they live in now.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move to this household</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../visitdesk/ui/app.py" line="+20"/>
        <source>Something went wrong. Your saved records are safe. The details are in the log; if it happens again, please tell your IT service desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthorisationsView</name>
    <message>
        <location filename="../../visitdesk/ui/authorisations.py" line="+71"/>
        <source>With {others}</source>
        <extracomment>In the list of tasks: the other children of this record&apos;s household visit.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>One household visit to {children}. Each child has their own record: authorise all {count} together, or each on its own.</source>
        <extracomment>{children} names every child of the household visit; {count} how many.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Records waiting for authorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Open record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Authorise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Return with comment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&lt;b&gt;Nothing is waiting for authorisation.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;1 record waiting for authorisation&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>&lt;b&gt;%n records waiting for authorisation&lt;/b&gt;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Authorise a&amp;ll {count}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorise the {count} records of this household visit together</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../visitdesk/ui/visit_bars.py" line="+47"/>
        <source>This is another device&apos;s version of a record that was changed in two places. It is read-only; open the record itself to choose which version to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Returned by your manager: {comment}</source>
        <extracomment>{comment} is the manager&apos;s comment on what needs correcting.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This record is draft and read-only. Corrections are added as dated addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is completed and read-only. Corrections are added as dated addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is authorised and read-only. Corrections are added as dated addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is returned and read-only. Corrections are added as dated addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This record is {state} and read-only. Corrections are added as dated addenda.</source>
        <extracomment>{state} is the record&apos;s state as it is stored.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseSystemMenu</name>
    <message>
        <location filename="../../visitdesk/ui/case_system_menu.py" line="+25"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <extracomment>Keep &quot;(*.csv)&quot; and &quot;(*)&quot; as they are: the file dialog reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Case s&amp;ystem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export caseload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Annex A return…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;SSD visit tables…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Not yet entered in the case system…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>These files hold personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{what} hold personal data about children: case references, dates of birth and what happened at their visits.</source>
        <extracomment>{what} names the files, for example &quot;The Annex A lists&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save them only where your authority&apos;s rules allow, such as an encrypted drive or your secure network folder, and delete your copy once it has been handed over. They are not encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Choose a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open the caseload file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Caseload saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The caseload is saved in {file}. It holds personal data: keep it only where your authority&apos;s rules allow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose a folder for the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Files saved</source>
        <extracomment>{folder} is the folder chosen; {names} the files saved, one a line.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved in {folder}:

{names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The Annex A lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The SSD visit tables</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadImportDialog</name>
    <message>
        <location filename="../../visitdesk/ui/caseload_import.py" line="+34"/>
        <source>Import caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file}, in the {system} format. New: {new}. To update: {updated}. Unchanged: {unchanged}. On your caseload but not in the file, and kept as they are: {kept}. Nothing changes until you choose Import; no visit record is touched.</source>
        <extracomment>{file} is the file&apos;s name; {system} its case system; {new}, {updated}, {unchanged} and {kept} are numbers of children.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the import changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New children ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Children to update ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchanged ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not in the file, kept ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{file} was not imported, and nothing changed. Put these right in the file, then import it again (problems: {count}).</source>
        <extracomment>{file} is the caseload file&apos;s name; {count} how many problems it has.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Caseload imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>From {file}: children added {new}, updated {updated}.</source>
        <extracomment>{new} and {updated} are numbers of children.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadModel</name>
    <message>
        <location filename="../../visitdesk/ui/caseload.py" line="+45"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No standard set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next visit due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seen alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To write up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+94"/>
        <source>The next statutory visit must take place by {date} ({due})</source>
        <extracomment>{date} is a day, &quot;Thursday 4 March 2026&quot;; {due} says how far away it is.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{seen}. Time alone with the child was due by {date}</source>
        <extracomment>{seen} says when the child was last seen alone; {date} is a day.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{seen}. Time alone with the child is due by {date}</source>
        <extracomment>{seen} says when the child was last seen alone; {date} is a day.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{plan} plan</source>
        <extracomment>{plan} is the plan type&apos;s short name: CIN, CP, CLA.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}
{age}, {plan}. Seen alone: {seen}</source>
        <extracomment>{name} is the child&apos;s name; {age} their age; {plan} their plan, &quot;CP plan&quot;; {seen} when last seen alone.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 record to write up</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n records to write up</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 returned record to correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n returned records to correct</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseloadView</name>
    <message>
        <location line="+112"/>
        <source>Filter by name, case reference, plan or status (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter the caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capital letters and accents do not matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Caseload summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add a child…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New household visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One visit to the chosen child and the children they live with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+49"/>
        <source>%n children · {overdue} overdue · {soon} due within 3 working days</source>
        <extracomment>%n is the number of children; {overdue} and {soon} are counts of them.</extracomment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Updating the caseload for today…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Working out who is due…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+104"/>
        <source>One visit to the chosen child and the children they live with (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a child in the list first, then start their household&apos;s visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../visitdesk/ui/dialogs.py" line="+65"/>
        <location line="+23"/>
        <source>Change passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Your records stay as they are; only the passphrase that opens them changes. Backups made before now still open with the old one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>at least {count} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About the new passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Current passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New passphrase &amp;again:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildPage</name>
    <message>
        <location filename="../../visitdesk/ui/plan_lists.py" line="+54"/>
        <source>{what}: no date yet</source>
        <extracomment>{what} is something the standard says is due, for example &quot;Plan progress meeting&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} by &lt;b&gt;{date}&lt;/b&gt;</source>
        <extracomment>{what} is something the standard says is due; {date} the day it is due by.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>overdue</source>
        <extracomment>Said after a date that has passed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/child_page.py" line="+48"/>
        <source>Remove the progress meeting on {date} from the plan?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the review meeting on {date} from the plan?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Back to caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All of this child&apos;s visit records in one PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;hronology…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save this child&apos;s significant events and plan changes as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New visit (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New h&amp;ousehold visit (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One visit to several children of this household, each with their own record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Plan for the next visit saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the standard says is due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Visit history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Due under the standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+73"/>
        <source>born {date}</source>
        <extracomment>{date} is the date of birth, for example 4 March 2016.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>expected {date}</source>
        <extracomment>{date} is the date the baby is expected, for example 4 March 2016.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{age}, {born}&lt;br&gt;Case reference: {reference}&lt;br&gt;{address}</source>
        <extracomment>{age} is the child&apos;s age; {born} when they were born (&quot;born 4 March 2016&quot;); {reference} the case-system reference.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Only the child&apos;s own worker can change their plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{date} (overdue)</source>
        <extracomment>{date} is the day something was due by.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+8"/>
        <source>Not saved: {problem}</source>
        <extracomment>{problem} says why the plan was not saved.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Plan saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Meeting added to the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Meeting changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Meeting removed from the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Holiday added to the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Holiday changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Remove the holiday from {start} to {end} from the plan?</source>
        <extracomment>{start} and {end} are the first and last days away, for example 4 Mar 2026.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Holiday removed from the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+64"/>
        <location line="+16"/>
        <source>PDF saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Visits to {name}</source>
        <extracomment>The title of a PDF of a child&apos;s visit records; {name} is the child&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Chronology saved (1 entry).</source>
        <extracomment>{count} is how many entries the saved chronology holds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chronology saved ({count} entries).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildPart</name>
    <message>
        <location filename="../../visitdesk/ui/household_parts.py" line="+164"/>
        <source>{name}: the child</source>
        <extracomment>{name} is the child&apos;s given name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: the record</source>
        <extracomment>{name} is the child&apos;s given name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Leave {name} out of this visit…</source>
        <extracomment>{name} is the child&apos;s given name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Throws away this child&apos;s part of the visit; you are asked first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceBox</name>
    <message>
        <location filename="../../visitdesk/ui/widgets.py" line="+29"/>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Chronology</name>
    <message>
        <location filename="../../visitdesk/ui/chronology_export.py" line="+21"/>
        <source>Save the chronology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <extracomment>Keep &quot;(*.csv)&quot; and &quot;(*)&quot; as they are: the file dialog reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Chronology of {name}.csv</source>
        <extracomment>The suggested file name; {name} is the child&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <location filename="../../visitdesk/ui/decisions.py" line="+14"/>
        <source>Authorise this record?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are authorising {record}. Once authorised, the record is final; later corrections are added as addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Oversight comment (optional; the worker will see it):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Authorise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Authorise all {count} records?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are authorising all {count} records of {record}, one for each of these children. Once authorised, each record is final; later corrections are added as addenda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Oversight comment (optional; the worker will see it). It is added to each child&apos;s record, so keep it to what is true for all of them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Authorise all {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return for correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are returning {record}, for correction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What needs correcting? The worker will see this:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Return to worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please say what needs correcting before returning the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add an addendum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An addendum to {record}. The record itself stays as it was completed; the addendum is added below it with today&apos;s date and your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Addendum:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add addendum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please write the addendum before adding it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Children whose records these are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictBar</name>
    <message>
        <location filename="../../visitdesk/ui/visit_bars.py" line="+95"/>
        <source>This record was also changed on another device by {worker}.</source>
        <extracomment>{worker} is the name of the worker who changed the other version.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record was also changed on another device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both versions are kept until you choose one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the &amp;other version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use the other version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Keep the other version and remove the other? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep this version and remove the other? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../visitdesk/ui/widgets.py" line="+117"/>
        <source>{field} is not a real date; type it as day/month/year, for example 04/03/2016</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <location filename="../../visitdesk/ui/visit_bars.py" line="-71"/>
        <source>This record is waiting for your authorisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Authorise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorise this record only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Return with comment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Authorise a&amp;ll {count}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authorise the {count} records of this household visit together</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../visitdesk/ui/dialog_parts.py" line="+26"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportPdfDialog</name>
    <message>
        <location filename="../../visitdesk/ui/printing.py" line="+128"/>
        <source>Print to a PDF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+54"/>
        <source>Save the PDF as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-53"/>
        <source>&amp;Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Protect the PDF with a password (AES-256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PDF password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PDF password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Printing to a file saves a PDF. A PDF leaves VisitDesk&apos;s encrypted store. Protect it unless it goes straight to a secure place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PDF leaves VisitDesk&apos;s encrypted store. Protect it unless it goes straight to a secure place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save &amp;as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password a&amp;gain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PDF files (*.pdf)</source>
        <extracomment>Keep &quot;(*.pdf)&quot; as it is: the file dialog reads it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose where to save the PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type a password, or untick the box to save without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passwords are different; please type them again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../../visitdesk/ui/widgets.py" line="-64"/>
        <source>Needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{severity}: {message}</source>
        <extracomment>{severity} is Needed, To do, Check or Note; {message} is the standard&apos;s message.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{field}: {severity}: {message}</source>
        <extracomment>Said by a screen reader: the field&apos;s name, then the message under it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../visitdesk/ui/findings_panel.py" line="+17"/>
        <source>Needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>What the standard says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Findings from the practice standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>What the standards say today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checked today, {day}. This record was completed before VisitDesk kept the check made at completion.</source>
        <extracomment>{day} is today&apos;s date, for example 4 Mar 2016.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing outstanding: this record meets the standard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>What the standards said when it was completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As checked when completed on {day} at {time}</source>
        <extracomment>{day} is a date, for example 4 Mar 2016; {time} a time, for example 10:30.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} (version {version})</source>
        <extracomment>A standard&apos;s name, then its version.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Standards used: {standards}</source>
        <extracomment>{standards} lists the standards the record was checked against.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing outstanding: the record met the standard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checked again today, {day}: the standards now say something different</source>
        <extracomment>{day} is today&apos;s date, for example 4 Mar 2016.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No longer found: {message}  [{source}]</source>
        <extracomment>{message} is what the standard said; {source} where it says it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{severity}: {message}  [{source}]</source>
        <extracomment>{severity} is Needed, To do, Check or Note; {message} is what the standard says, and {source} where it says it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../visitdesk/ui/first_run.py" line="+39"/>
        <source>Child in need</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Looked after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Child protection and looked after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unborn baby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>England and Wales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scotland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Ireland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>no standard set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source> and </source>
        <extracomment>Between the plan&apos;s parts: &quot;child protection and looked after&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (no standard set for the {parts} part)</source>
        <extracomment>{parts} names the parts of the plan with no standard, &quot;looked after&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{plan}: {standards}</source>
        <extracomment>{plan} is a kind of plan, &quot;Child in need&quot;; {standards} the standards set for it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Welcome to {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{app} keeps your visit records encrypted on this computer. Choose a passphrase you will remember: without it the records cannot be opened, by anyone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as it should appear on your records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What the authority&apos;s standards cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bank holidays of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>at least {count} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a fictional caseload to try {app} with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Set up {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Authority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Bank holidays of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passphrase &amp;again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>the two passphrases are different; please type them again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoffDialog</name>
    <message>
        <location filename="../../visitdesk/ui/handoff_dialog.py" line="+45"/>
        <source>Hand-o&amp;ff…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key this record into the case system, field by field, and mark it entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Hand-off to {system}</source>
        <extracomment>{system} is the case system&apos;s name, for example &quot;Mosaic&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Visit to {child} on {day}&lt;/b&gt;</source>
        <extracomment>{child} is the child&apos;s name; {day} the day of the visit.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This mapping is a template: your council sets the real field names and codes. Check them with your case-system team before relying on them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy {field}</source>
        <extracomment>{field} is the case system&apos;s field, as the keying assist labels it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Mark as entered…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Take back the mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save hand-off pack…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record&apos;s PDF, a JSON file and a CSV row in the case system&apos;s field names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>In {system}, file it as a {kind}: {type}.</source>
        <extracomment>{system} is the case system; {kind} how it files a visit (&quot;case note&quot;, &quot;workflow step&quot;); {type} the type, step or form it files this one as.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In {system}, file it as a {kind}.</source>
        <extracomment>{system} is the case system; {kind} how it files a visit (&quot;case note&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Entered in {system} on {day} by {name}.</source>
        <extracomment>{system} is the case system; {day} the day; {name} who entered it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not yet entered in {system}.</source>
        <extracomment>{system} is the case system.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Authorise the record before entering it in {system}: until then its fields may still change.</source>
        <extracomment>{system} is the case system.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Once your manager has authorised the record, enter it in {system} and mark it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Copied: {field}</source>
        <extracomment>{field} is the field whose value was copied.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose a folder for the hand-off pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Hand-off pack saved</source>
        <extracomment>{folder} is where the pack was saved; {names} its files, one a line.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved in {folder}:

{names}

These files hold personal data about the child: keep them only where your authority&apos;s rules allow.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <location filename="../../visitdesk/ui/meetings.py" line="+210"/>
        <source>Change a holiday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a holiday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First day away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Going abroad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agree with the family how you will keep in touch while they are away, and note where they will be staying and with whom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save holiday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HolidaysBox</name>
    <message>
        <location filename="../../visitdesk/ui/plan_lists.py" line="+171"/>
        <source>Family holidays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add holiday…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a holiday in the list to change it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a holiday in the list to remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Abroad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In the UK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No holidays recorded. When the family plans to go away, record it here and agree how you will keep in touch.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdBox</name>
    <message>
        <location filename="../../visitdesk/ui/household_box.py" line="+87"/>
        <source>Household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Who lives in the household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Households lived in before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the child&apos;s own worker can change their household.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Household notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a child to this household…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A brother, sister or other child on your caseload who lives here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Moved out of this household…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+72"/>
        <source>{name} is not recorded as living with other children on your caseload. Add the children who live with them, so that one visit can be written for them together.</source>
        <extracomment>{name} is the child whose page this is.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(this child)</source>
        <extracomment>Beside the name of the child whose page this is, in their household&apos;s list.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>since {date}</source>
        <extracomment>{date} is the day a child joined the household, for example 4 Mar 2026.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only {name} lives in this household now.</source>
        <extracomment>{name} is the child whose page this is.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Lived in this household before, until {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lived in this household before, from {start} until {until}</source>
        <extracomment>{start} and {until} are the first and last days, for example 4 Mar 2026.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lived in the {household} until {until}</source>
        <extracomment>{household} is a household&apos;s name as it is now (&quot;Thomas household&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lived in the {household} from {start} until {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lived in another household until {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lived in another household from {start} until {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{name} added to the household.</source>
        <extracomment>{name} is the child added to the household.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Recorded as moved out of the {household}.</source>
        <extracomment>{household} is the household the child moved out of (&quot;Ashworth household&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdNote</name>
    <message>
        <location filename="../../visitdesk/ui/visit_bars.py" line="-51"/>
        <source>Part of a household visit: {other} was visited too. This is {child}&apos;s own record; {other} has their own.</source>
        <extracomment>{child} is this record&apos;s child; {other} the other child visited.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Part of a household visit: {others} were visited too. This is {child}&apos;s own record; each of the other children has their own.</source>
        <extracomment>{child} is this record&apos;s child; {others} the other children visited, for example &quot;Lily Ashworth and Sam Ashworth&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdVisit</name>
    <message>
        <location filename="../../visitdesk/ui/household_picker.py" line="+137"/>
        <source>{name} is not recorded as living with other children on your caseload. To write one visit for children who live together, open {name}&apos;s page and choose “Add a child to this household…” for each child who lives with them; then start the household visit.</source>
        <extracomment>{name} is the child the worker chose.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdVisitDialog</name>
    <message>
        <location line="-103"/>
        <source>New household visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Who is this visit to the {household} for?</source>
        <extracomment>{household} is the household&apos;s name, for example &quot;Ashworth household&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Each child ticked has their own record of the visit: what is shared (when, where, who was there, the home) is written once, and each child&apos;s own answers are theirs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Only this child&apos;s own worker can record a visit to them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>unborn baby, due {date}</source>
        <extracomment>An unborn baby in the list; {date} is the day they are due, e.g. 3 Mar 2027.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} — {age}, {plan}</source>
        <extracomment>One child to tick: {name}, {age} (&quot;7 years&quot;), {plan} (&quot;CIN Plan&quot; or &quot;no plan&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{line} — on another worker&apos;s caseload</source>
        <extracomment>{line} is a child&apos;s name, age and plan.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Tick at least two children. For a visit to one child, choose New visit (Ctrl+N) on their page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdVisitForm</name>
    <message>
        <location filename="../../visitdesk/ui/household_findings.py" line="+49"/>
        <source>{names} and {last}</source>
        <extracomment>{names} lists all but the last child (&quot;Jack, Lily&quot;); {last} is the last (&quot;Sam&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{names}: {message}</source>
        <extracomment>{names} names the child (or children) a finding is about; {message} is the finding.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>What the standards say, child by child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/household_form.py" line="+97"/>
        <source>this household visit has no record still being written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Not saved yet: trying again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>One visit, one record for each child. {next} and {previous} move to the next or previous child, even while you type.</source>
        <extracomment>{next} and {previous} are keys, &quot;Ctrl+PgDown&quot; and &quot;Ctrl+PgUp&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The children visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{next}: next child. {previous}: previous child.</source>
        <extracomment>{next} and {previous} are keys, &quot;Ctrl+PgDown&quot; and &quot;Ctrl+PgUp&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>3. Complete the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Complete all records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Discard the whole visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Throw away every child&apos;s draft of this visit; you are asked first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Household visit: {names}</source>
        <extracomment>The form&apos;s heading; {names} lists the children visited, &quot;Jack, Lily and Sam&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>2. {name}&apos;s own part ({n} of {count})</source>
        <extracomment>The heading of one child&apos;s part; {name} is their given name, {n} which child this is and {count} how many children the visit is for (&quot;2 of 3&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Not saved yet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ready to complete. Each child gets their own record, sent to your manager and made read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name} · completed</source>
        <extracomment>A child&apos;s tab once their record is completed; {name} is their given name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{name} · %n to do</source>
        <extracomment>A child&apos;s tab; {name} is their given name, %n how many things are needed.</extracomment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} · ready</source>
        <extracomment>A child&apos;s tab when their record can be completed; {name} is their name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Not saved: {why}</source>
        <extracomment>{why} is the reason the records could not be stored.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved {time}</source>
        <extracomment>{time} is when the drafts were stored, for example 10:30:05.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Each record was checked as it was completed: open it from the child&apos;s page to see what the standards said.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/household_parts.py" line="+94"/>
        <source>Complete the records of {names}?

Each child gets their own record, stamped with today&apos;s date and time, sent to your manager for authorisation and made read-only. Later corrections are added to each record as addenda.</source>
        <extracomment>{names} lists the children, &quot;Jack, Lily and Sam&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Complete all records?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Discard the draft records of the visit to {names} on {when}?

What they say will be lost. This cannot be undone.</source>
        <extracomment>{names} lists the children; {when} is the visit&apos;s date and time, &quot;4 Mar 2026 10:30&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Discard this visit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Leave {name} out of this visit?

What you wrote in {name}&apos;s part is thrown away; the other children&apos;s records go on. This cannot be undone.</source>
        <extracomment>{name} is the child&apos;s given name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave a child out?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Completed. {names} each have their own record now, read-only and waiting for authorisation under Authorisations.</source>
        <extracomment>{names} lists the children, &quot;Jack, Lily and Sam&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Completed. {names} each have their own record now, on their own page and read-only. They have not been sent: join your manager&apos;s team (Sync &gt; Join a team) and they will go with your first bundle.</source>
        <extracomment>{names} lists the children, &quot;Jack, Lily and Sam&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Completed. {names} each have their own record now, on their own page and read-only. They go to {manager} for authorisation with your next bundle (Sync &gt; Export a bundle).</source>
        <extracomment>{names} lists the children, &quot;Jack, Lily and Sam&quot;; {manager} is the worker&apos;s manager.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HubSyncDialog</name>
    <message>
        <location filename="../../visitdesk/ui/hub_sync_dialog.py" line="+89"/>
        <source>Send and receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sync state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the sync did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bundles refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Receiving bundle {number} of {total}…</source>
        <extracomment>{number} counts the bundles taken in so far, of {total}.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sending bundle {number} of {total}…</source>
        <extracomment>{number} counts the bundles sent so far, of {total}.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting to the hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Hub not reachable: working offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{reason} Your work is kept here and goes at the next sync: try again when you have a signal.</source>
        <extracomment>{reason} says why, in a few words (&quot;connection refused&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The sync stopped part-way; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing already sent or received is lost. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>1 record waiting to go</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n records waiting to go</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes waiting to go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sent: {items}.</source>
        <extracomment>{items} lists what went, for example &quot;2 visit records, 1 child&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>From {peer}: {summary}.</source>
        <extracomment>{peer} sent what came in; {summary} says what it was.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing new went or came in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 bundle from the hub was refused, and nothing in it applied:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n bundles from the hub were refused, and nothing in them applied:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>… and {count} more</source>
        <extracomment>{count} more reasons, not listed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../visitdesk/ui/lock.py" line="+172"/>
        <source>&lt;h2&gt;{app} is locked&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your records are hidden and the key to them has been cleared from memory. Enter your passphrase to carry on where you left off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../visitdesk/ui/main_window.py" line="+55"/>
        <source>{items} and {last}</source>
        <extracomment>{items} lists all but the last item (&quot;2 visit records, 1 child&quot;); {last} is the last (&quot;1 plan&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, </source>
        <extracomment>Between the items of a list, as in &quot;2 visit records, 1 child and 1 plan&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+74"/>
        <source>{name}, {team}</source>
        <extracomment>The person and their team, in the window&apos;s title.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{app} — {name} (manager)</source>
        <extracomment>The window&apos;s title: {app} is VisitDesk; {name} the person&apos;s name, and their team.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{app} — {name}</source>
        <extracomment>The window&apos;s title: {app} is VisitDesk; {name} the person&apos;s name, and their team.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Restore from a backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Import caseload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change &amp;passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>My &amp;dictionary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Authorisations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;About {app}</source>
        <extracomment>A menu item; {app} is VisitDesk.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New visit, on a child&apos;s page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New household visit, on the caseload or a child&apos;s page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next or previous child, in a household visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter the caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the child or record chosen in a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Press the button that has the focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to the next or previous box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/main_window_caseload.py" line="+81"/>
        <source>The caseload could not be worked out; see the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/main_window_lock.py" line="+68"/>
        <source>{app} — locked</source>
        <extracomment>The window&apos;s title while it is locked; {app} is VisitDesk.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/main_window.py" line="+145"/>
        <source>Passphrase changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From now on, {app} opens with the new passphrase. Backups made before now still open with the old one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Settings saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name and team changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your team sees the change once they have your new card: save it from Sync &gt; Save this installation&apos;s card… and give it to them. Records you have already written keep the name they were written under.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A backup is being made already…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Making a backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the backup could not be made; see the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Backup made: {name}, in the backups folder (File &gt; Restore from a backup lists it)</source>
        <extracomment>{name} is the backup file&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backup made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is damaged. Your records may be incomplete: restore the latest backup from File &gt; Restore from a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No backup was made: {problem}. Your records are unchanged; try again from File &gt; Back up now.</source>
        <extracomment>{problem} says why, for example that the disk is full.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No backup was made at start: {problem}</source>
        <extracomment>{problem} says why, for example that the disk is full.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Backup restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The backup is in place. The records it replaced are kept in the backups folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>the backup could not be restored; see the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Records not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{what} has not been sent to your team yet. They are safe on this computer; send them in a bundle (Sync &gt; Export a bundle) when you can.

Quit anyway?</source>
        <extracomment>{what} is what is waiting, &quot;1 visit record&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>{what} have not been sent to your team yet. They are safe on this computer; send them in a bundle (Sync &gt; Export a bundle) when you can.

Quit anyway?</source>
        <extracomment>{what} lists what is waiting, &quot;2 visit records and 1 child&quot;.</extracomment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MarkEnteredDialog</name>
    <message>
        <location filename="../../visitdesk/ui/handoff_dialog.py" line="-252"/>
        <source>Entered in the case system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Entered on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entered &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark the record once every field is in the case system. Your manager&apos;s list of records not yet entered is updated when your next bundle reaches them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Mark as entered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../visitdesk/ui/meetings.py" line="-194"/>
        <source>Progress meeting or core group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Change a meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kind of meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The meeting took place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The notes have been sent out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes sent out on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For a meeting you have booked, leave &apos;took place&apos; unticked. Once the notes have gone to everyone invited, record the day they went.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Meeting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes sent &amp;out on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save meeting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MeetingsBox</name>
    <message>
        <location filename="../../visitdesk/ui/plan_lists.py" line="-77"/>
        <source>Plan meetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes sent out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add meeting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a meeting in the list to change it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a meeting in the list to remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Did not take place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No meetings recorded yet. Add the first progress meeting when it is booked or held.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Progress meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MovedOutDialog</name>
    <message>
        <location filename="../../visitdesk/ui/household_box.py" line="-249"/>
        <source>Moved out of this household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record that {name} no longer lives in the {household}?</source>
        <extracomment>{name} is the child; {household} their household (&quot;Ashworth household&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Their time in this household stays in their history, with its dates. A household visit to the others no longer includes them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Moved out on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Moved out on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moved out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NameAndTeamDialog</name>
    <message>
        <location filename="../../visitdesk/ui/dialogs.py" line="+56"/>
        <source>Your name and team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Records you have already written keep the name they were written under. After a change, save a new card (Sync &gt; Save this installation&apos;s card…) and give it to your team, so they see it too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../visitdesk/ui/operations.py" line="+123"/>
        <source>That could not be done; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <location filename="../../visitdesk/ui/dialog_parts.py" line="+15"/>
        <source>At least {count} characters. Three or four unrelated words are easy to remember and hard to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>that passphrase is strong enough</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonalDictionaryDialog</name>
    <message>
        <location filename="../../visitdesk/ui/spelling.py" line="+493"/>
        <source>My dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Words in my dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the chosen word out of your dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Spell check accepts these words in everything you write. To take one out, choose it and press Remove.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your dictionary is empty. To add a word, right-click it where it is underlined and choose Add to my dictionary.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../visitdesk/ui/meetings.py" line="-95"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <location filename="../../visitdesk/ui/plan_editor.py" line="+30"/>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not supported by the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Plan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allocated on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The plan sets its own visiting frequency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visit every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interval unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why this frequency was agreed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. agreed at the initial conference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Electively home educated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current placement started on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placement meant to last until they are 18</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First review (looked after) on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regulation 24 placement (connected person)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Disabled Children&apos;s Service support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plan &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan &amp;start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;llocated on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rationale:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Disabled Children&apos;s Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placement st&amp;arted:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First re&amp;view:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlannedSection</name>
    <message>
        <location filename="../../visitdesk/ui/planned_section.py" line="+42"/>
        <source>Planned before the visit ({clause})</source>
        <extracomment>The heading over what the worker planned before the visit; {clause} is the visiting policy&apos;s clause that asks for the plan.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Planned before the visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../visitdesk/ui/printing.py" line="-105"/>
        <source>Print — {title}</source>
        <extracomment>{title} is the record&apos;s title.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+138"/>
        <source>Replace the file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace {name}?</source>
        <extracomment>{name} is the file&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is already a file called {name} in {folder}. Replacing it loses what is in it now. Choose Cancel to keep it, then save under another name.</source>
        <extracomment>{name} is the file&apos;s name, {folder} the folder it is in.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Print to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was saved. To save this as a PDF file, use Export PDF…, which can protect it with a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>printed</source>
        <extracomment>Ends the file name suggested for a record printed to a file: &quot;&lt;title&gt; printed.pdf&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>record</source>
        <extracomment>The file name suggested for a PDF whose record has no title to name it by.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconciliationDialog</name>
    <message>
        <location filename="../../visitdesk/ui/reconciliation.py" line="+33"/>
        <source>Not yet entered in the case system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Records not yet entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>1 authorised record is not yet entered in the case system. The worker marks a record entered from its Hand-off view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} authorised records are not yet entered in the case system, the one waiting longest first. The worker marks a record entered from its Hand-off view.</source>
        <extracomment>{count} is how many records are waiting to be keyed into the case system.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every authorised record has been entered in the case system.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../visitdesk/ui/dialogs.py" line="-128"/>
        <source>VisitDesk backups (*.vdbackup);;All files (*)</source>
        <extracomment>Keep &quot;(*.vdbackup)&quot; and &quot;(*)&quot; as they are: the file dialog reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+177"/>
        <source>Restore from a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The backup takes the place of the records here. The database it replaces is kept in the backups folder. A backup opens with the passphrase in use when it was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Backup file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passphrase of the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the records here even if they are newer than the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Backup:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passphrase of the backup:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>choose the backup file first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there is no backup file at {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>type the passphrase the backup opens with</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewSection</name>
    <message>
        <location filename="../../visitdesk/ui/review_section.py" line="+29"/>
        <source>4. Review and complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What stops completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Complete record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a&amp;ddendum…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard dra&amp;ft…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Throw this draft away; you are asked first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Addendum {when}, {author}:</source>
        <extracomment>{when} is when it was added, for example 4 Mar 2016 10:30; {author} who added it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Ready to complete. Completing sends the record to your manager and makes it read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not ready to complete: {message}</source>
        <extracomment>{message} is the first thing the standard needs before completing.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 more in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n more in the list</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not ready to complete: {message} ({more})</source>
        <extracomment>{message} is the first thing the standard needs; {more} says how many more there are.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Complete this record?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completing the record stamps today&apos;s date and time, sends it to your manager for authorisation and makes it read-only. Later corrections are added as addenda.

Complete it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Completed. It is waiting for authorisation under Authorisations. This record is now read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Completed and read-only. It has not been sent: join your manager&apos;s team (Sync &gt; Join a team) and it will go with your first bundle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Completed and read-only. It will go to {manager} for authorisation with your next bundle (Sync &gt; Export a bundle).</source>
        <extracomment>{manager} is the name of the worker&apos;s manager.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Discard the draft record of the visit to {child} on {weekday} {day} {month} {year} at {time}?

What it says will be lost. This cannot be undone.</source>
        <extracomment>{child} is the child&apos;s name; the rest say when the visit was, for example &quot;Thursday 4 March 2016 at 10:30&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Discard this draft?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RowTableModel</name>
    <message>
        <location filename="../../visitdesk/ui/models.py" line="+175"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seen alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/authorisations.py" line="-143"/>
        <source>Household visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../visitdesk/ui/settings.py" line="-166"/>
        <source>England and Wales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scotland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Ireland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The nation whose bank holidays count for working days, for new children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source> minutes</source>
        <extracomment>After a number: &quot;15 minutes&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> backups</source>
        <extracomment>After a number: &quot;10 backups&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A new name or team reaches your team with your next card. The region applies to children you add from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharedPart</name>
    <message>
        <location filename="../../visitdesk/ui/household_parts.py" line="-231"/>
        <source>1. The visit: the same for every child</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../visitdesk/ui/settings.py" line="+141"/>
        <location line="+5"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpellingAid</name>
    <message>
        <location filename="../../visitdesk/ui/spelling.py" line="-230"/>
        <source>Spell checking could not start. Your writing is not affected; restart VisitDesk to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+140"/>
        <source>No suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add to my dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Ignore in this record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <location filename="../../visitdesk/ui/sync_menu.py" line="+28"/>
        <source>VisitDesk bundles (*.vdbundle);;All files (*)</source>
        <extracomment>Keep &quot;(*.vdbundle)&quot; and &quot;(*)&quot; as they are: the file dialog reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>VisitDesk cards (*.vdcard);;All files (*)</source>
        <extracomment>Keep &quot;(*.vdcard)&quot; and &quot;(*)&quot; as they are: the file dialog reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send and &amp;receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Export a bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import a bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save &amp;this installation&apos;s card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Enrol a worker&apos;s device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Join a team…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Send your work to {hub} and take in what waits for you there</source>
        <extracomment>{hub} is the team hub&apos;s name, from its card.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import the hub&apos;s card first (Sync &gt; Enrol a worker&apos;s device…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import the hub&apos;s card first (Sync &gt; Join a team…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not connected to a team yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing waiting to be sent; syncs through {hub}</source>
        <extracomment>{hub} is the team hub&apos;s name, from its card.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, </source>
        <extracomment>Between the items of a list, as in &quot;2 visit records, 1 child&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting to be sent: {items}</source>
        <extracomment>{items} lists the counts, for example &quot;2 visit records, 1 child&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Save the bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Bundle {number} for {peer} is saved in {file}: {summary}.

It is encrypted: only {peer}&apos;s {app} can open it.</source>
        <extracomment>{number} is the bundle&apos;s number; {peer} who it is for; {file} the file&apos;s name; {summary} what is in it; {app} is VisitDesk.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bundle saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From {peer}: {summary}.</source>
        <extracomment>{peer} is who sent the bundle; {summary} what was in it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bundle imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save this installation&apos;s card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Card saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give this card to the other person. When they import it, read this fingerprint to each other and check it matches:

{fingerprint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Before you enrol the device of {name}, check this is really their card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Before you join the team of {name}, check this is really their card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+17"/>
        <source>Check the fingerprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Their card&apos;s fingerprint:
{theirs}

Ask {name} to read the fingerprint their {app} shows for their own card (Sync &gt; Save this installation&apos;s card) aloud, in person or on the phone. Yours, for them to check:
{mine}</source>
        <extracomment>{theirs} and {mine} are the two fingerprints, groups of letters and digits to read aloud; {name} is the other person; {app} is VisitDesk.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sync through {name}?</source>
        <extracomment>{name} is the team hub&apos;s name, from its card.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check this is really the hub&apos;s card: its fingerprint must match the one your IT service desk gave you for the hub, on paper or on the phone.

The hub&apos;s card&apos;s fingerprint:
{theirs}

This installation&apos;s, for the IT service desk to check when they enrol it at the hub:
{mine}</source>
        <extracomment>{theirs} and {mine} are fingerprints, groups of letters and digits to read aloud.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>They &amp;match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>They &amp;don&apos;t match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open the other person&apos;s card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing was enrolled. A card whose fingerprint does not match may not be your team&apos;s hub: do not use it, and tell your IT service desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Nothing was enrolled. A card whose fingerprint does not match may not be {name}&apos;s: do not use it, and tell your IT service desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This installation will sync through {name}. Use Sync &gt; Send and receive whenever you have a signal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enrolled the device of {name}. Bundles can now go between you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Joined the team of {name}. Bundles can now go between you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 visit record</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n visit records</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 child</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n children</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n plans</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 addendum</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n addenda</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n decisions</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 case-system entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n case-system entries</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../visitdesk/ui/unlock.py" line="+39"/>
        <source>Unlock {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your records are encrypted. Enter your passphrase to open them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Restore the latest backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore the latest backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>the database is damaged; restore the latest backup ({name}) with the button below, or with &apos;visitdesk restore &quot;{path}&quot;&apos;</source>
        <extracomment>{name} is the backup file&apos;s name; {path} where it is. Keep &apos;visitdesk restore&apos; as it is: it is a command.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Restore the latest backup?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{app} will put the backup {name} in place of the damaged database. The damaged database is kept in the backups folder. Records changed since that backup was made will need to be entered again.

Restore it now?</source>
        <extracomment>{app} is VisitDesk; {name} is the backup file&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../visitdesk/ui/form_fields.py" line="+31"/>
        <source>1. The visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2. The child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3. The record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../visitdesk/ui/visit_form.py" line="+152"/>
        <source>Not saved yet: trying again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Histor&amp;y…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{label} (shared)</source>
        <extracomment>A field&apos;s label, marked as one of the answers a household visit&apos;s records share; {label} is the label, for example &quot;Who was present&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answers marked (shared) are shared with the records of {names}, so they cannot be changed here; a correction to them is an addendum on each record.</source>
        <extracomment>{names} names the other children of the household visit, &quot;Lily Ashworth and Sam Ashworth&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Visit to {child}</source>
        <extracomment>The record&apos;s heading, and the title of its printout.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Not saved yet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Not saved: {why}</source>
        <extracomment>{why} is the reason the record could not be stored.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved {time}</source>
        <extracomment>{time} is when the draft was stored, for example 10:30:05.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+155"/>
        <source>PDF saved to {file}</source>
        <extracomment>{file} is the name of the PDF file written.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>History of this record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitPlanBox</name>
    <message>
        <location filename="../../visitdesk/ui/visit_plan_box.py" line="+170"/>
        <location line="+4"/>
        <source>Plan for the next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+35"/>
        <source>Plan the next visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-2"/>
        <source>No plan yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change the plan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the child&apos;s own worker can plan their visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting the visit record carries this plan into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Before you visit, plan what you will do there. Starting the visit record carries the plan into it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitPlanDialog</name>
    <message>
        <location line="-161"/>
        <source>Plan the next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Write what you plan to do at the next visit; leave out any part that does not apply. When you start the visit record, the plan goes into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>As {source} asks.</source>
        <extracomment>{source} is the policy and clause that ask for a plan before each visit.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save the plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../visitdesk/ui/models.py" line="-84"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awaiting authorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned for correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>School</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{place} · household visit</source>
        <extracomment>A record of one visit to several children of a household; {place} is where.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Household visit: one visit to the children who live together (children visited: {count}). This is this child&apos;s own record of it.</source>
        <extracomment>{count} is how many children the one visit was to (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other device&apos;s version: choose one</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_PlanListBox</name>
    <message>
        <location filename="../../visitdesk/ui/plan_lists.py" line="-153"/>
        <source>{list}: what is due</source>
        <extracomment>{list} is the list&apos;s title: &quot;Plan meetings&quot; or &quot;Family holidays&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>Date and time</source>
        <extracomment>In the field catalogue: visited_at label, visited_at question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <extracomment>In the field catalogue: outcome label, outcome question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If you could not go, choose “I could not attend”: it is not the family’s missed visit, and another visit is arranged.</source>
        <extracomment>In the field catalogue: outcome help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The visit took place</source>
        <extracomment>In the field catalogue: outcome choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The family was not in, or I did not see the child</source>
        <extracomment>In the field catalogue: outcome choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I could not attend (cancelled)</source>
        <extracomment>In the field catalogue: outcome choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A child you did not see: answer Seen: No in their own part.</source>
        <extracomment>In the field catalogue: outcome household help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody was in, or I saw none of the children</source>
        <extracomment>In the field catalogue: outcome household choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <extracomment>In the field catalogue: location label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the visit took place</source>
        <extracomment>In the field catalogue: location question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A statutory visit is normally at the child’s home.</source>
        <extracomment>In the field catalogue: location help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <extracomment>In the field catalogue: location choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>School</source>
        <extracomment>In the field catalogue: location choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Somewhere else</source>
        <extracomment>In the field catalogue: location choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How you saw the child</source>
        <extracomment>In the field catalogue: contact label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the child was seen</source>
        <extracomment>In the field catalogue: contact question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The family is away on a holiday the plan records: say how you kept in touch.</source>
        <extracomment>In the field catalogue: contact help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In person</source>
        <extracomment>In the field catalogue: contact choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By video call</source>
        <extracomment>In the field catalogue: contact choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through an agency where they are staying</source>
        <extracomment>In the field catalogue: contact choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced</source>
        <extracomment>In the field catalogue: announced label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced visit</source>
        <extracomment>In the field catalogue: announced question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>In the field catalogue: announced choice, joint_with_health_visitor choice, seen choice, seen_alone choice, seen_awake choice, bedroom_seen choice, attachment_observed choice, completed choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <extracomment>In the field catalogue: announced choice, joint_with_health_visitor choice, seen choice, seen_alone choice, seen_awake choice, bedroom_seen choice, attachment_observed choice, completed choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who was present</source>
        <extracomment>In the field catalogue: present label, present question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the home was like</source>
        <extracomment>In the field catalogue: home_conditions label, home_conditions question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The home’s condition and who lives there now: anything changed since last time.</source>
        <extracomment>In the field catalogue: home_conditions help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joint with the Health Visitor</source>
        <extracomment>In the field catalogue: joint_with_health_visitor label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joint visit with a Health Visitor</source>
        <extracomment>In the field catalogue: joint_with_health_visitor question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A joint visit with the child’s Health Visitor is due regularly for young children.</source>
        <extracomment>In the field catalogue: joint_with_health_visitor help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status of the child</source>
        <extracomment>In the field catalogue: status_of_child label, status_of_child question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child’s plan as your case system records it, e.g. CIN Plan.</source>
        <extracomment>In the field catalogue: status_of_child help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen</source>
        <extracomment>In the field catalogue: seen label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has the child been seen?</source>
        <extracomment>In the field catalogue: seen question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unborn</source>
        <extracomment>In the field catalogue: seen choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen alone</source>
        <extracomment>In the field catalogue: seen_alone label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has the child been seen alone?</source>
        <extracomment>In the field catalogue: seen_alone question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alone means without their parents or main carers there: seen together with brothers or sisters, and no carer, is seen alone.</source>
        <extracomment>In the field catalogue: seen_alone help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why not alone</source>
        <extracomment>In the field catalogue: not_seen_alone_category label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If not seen alone, why not</source>
        <extracomment>In the field catalogue: not_seen_alone_category question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child refused</source>
        <extracomment>In the field catalogue: not_seen_alone_category choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was not appropriate</source>
        <extracomment>In the field catalogue: not_seen_alone_category choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was not possible</source>
        <extracomment>In the field catalogue: not_seen_alone_category choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another reason</source>
        <extracomment>In the field catalogue: not_seen_alone_category choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason in your words</source>
        <extracomment>In the field catalogue: not_seen_alone_reason label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the child was not seen alone, in the worker’s words</source>
        <extracomment>In the field catalogue: not_seen_alone_reason question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say what stopped you and what you will do next time.</source>
        <extracomment>In the field catalogue: not_seen_alone_reason help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen awake</source>
        <extracomment>In the field catalogue: seen_awake label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Was the child seen awake?</source>
        <extracomment>In the field catalogue: seen_awake question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Young children need to be seen awake, not only asleep.</source>
        <extracomment>In the field catalogue: seen_awake help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedroom seen</source>
        <extracomment>In the field catalogue: bedroom_seen label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Was the child’s bedroom seen?</source>
        <extracomment>In the field catalogue: bedroom_seen question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Child and carer observed together</source>
        <extracomment>In the field catalogue: attachment_observed label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observed with parent or carer?</source>
        <extracomment>In the field catalogue: attachment_observed question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the child and their carer respond to each other; write what you saw in the findings.</source>
        <extracomment>In the field catalogue: attachment_observed help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observations</source>
        <extracomment>In the field catalogue: observations label, observations question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose of the visit</source>
        <extracomment>In the field catalogue: purpose label, purpose question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why you went: the plan’s actions or worries this visit was to look at.</source>
        <extracomment>In the field catalogue: purpose help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child’s voice: wishes and feelings</source>
        <extracomment>In the field catalogue: childs_voice label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child’s voice: wishes, feelings and what they said</source>
        <extracomment>In the field catalogue: childs_voice question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the child said, showed or how they seemed, in their own words where you can.</source>
        <extracomment>In the field catalogue: childs_voice help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings and outcome</source>
        <extracomment>In the field catalogue: findings label, findings question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you saw and heard: the home, the child’s room, the people there.</source>
        <extracomment>In the field catalogue: findings help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis</source>
        <extracomment>In the field catalogue: analysis label, analysis question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it means for the child’s safety and needs, and for the plan.</source>
        <extracomment>In the field catalogue: analysis help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conclusion</source>
        <extracomment>In the field catalogue: conclusion label, conclusion question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your view in a sentence or two.</source>
        <extracomment>In the field catalogue: conclusion help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommendations</source>
        <extracomment>In the field catalogue: recommendations label, recommendations question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens next, who does it, and by when.</source>
        <extracomment>In the field catalogue: recommendations help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Significant event (for the chronology)</source>
        <extracomment>In the field catalogue: significant_event label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Significant event for the child’s chronology</source>
        <extracomment>In the field catalogue: significant_event question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if this visit was a significant event in the child’s life: say what, in one line. It goes into the child’s chronology. Leave it empty otherwise.</source>
        <extracomment>In the field catalogue: significant_event help.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record completed</source>
        <extracomment>In the field catalogue: completed label.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has the record been completed?</source>
        <extracomment>In the field catalogue: completed question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed on</source>
        <extracomment>In the field catalogue: recorded_at label, recorded_at question.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
