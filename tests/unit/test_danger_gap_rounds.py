"""Danger-pattern gaps closed in rounds 3-21 (issue 16), as people type them, in ten languages.

Round 3: back soon / on his way with fear or a threat; romanised Bengali and Gujarati;
unaccented pronoun-less "he is here"; English hiding and door forms; Maghrebi and
Levantine Arabizi; police questions, killing time and films that are not emergencies.
Round 4: "he's in the other room, I can't talk"; "here now" with a plea; self-harm as
people say it; locked in a room; hit now or "he'll finish you today"; back and banging
on the door; stories where someone kills.
Round 5: an overdose already taken; a weapon now; at the door trying to get in; back
drunk or angry while afraid, with English words mixed in; children hit now with the
English verb; aches that are "killing me", a son at the door, films and cooking knives.
Round 6: a child beaten now with a belt or stick; the phone taken and kept in; many
sleeping pills taken; hiding and unable to talk; children hit now with each language's own
verb; he found her address and is at the door; "today is your last day" (and ending it
today, written of oneself); a job, exam or the children "killing me", a villain in a
series, a child locked in the bathroom while playing.
Round 7: followed now from a shop, station or work; pregnant and hit in the belly; about to
jump from a bridge, roof or the tracks; relatives threatening to kill, burn or cut her
tonight; a child hit and bleeding; the door being broken in; the keys taken and kept in;
"he's through there, can't talk"; all the drops or many sleeping pills taken; "now it's my
turn", a knife waved at the children; a child taken in the car by a drunk father; past
abuse told calmly, a telenovela or match that "killed me", children's games, questions
about the law on death threats, a neighbour at the door with a parcel.
Round 8 (after the round-6 blind set was read): hiding or beside him and unable to call;
relatives on their way saying they will finish or bury her; followed now from a shop or
stop; outside the door, or locked in with the phone or key taken; a child hit or her
throat held now, a mistyped knife; the means of self-harm already used (a whole pack, a
scarf on the fan, a blade, a roof); and three false alarms: children playing who shout
help or a threat, a thing (homework, traffic, the heat) "killing me", a film or series
with a knife. Their `danger` lines share the words and must still match.
Round 9 (false alarms earlier blind rounds still showed): boredom or the job "killing me", a
video game or an ending that "killed me", a child shouting help while playing or locked in
by accident and let out, a dream told on waking, a match that "will kill me", a question on
the law about death threats, a friend who "feels in danger sometimes".
Round 10 (after the round-7 blind set was read): dragged into a car and driven off; a
pregnant belly kicked; a child telling of mum or a sibling hit now; on a ledge, roof or
bridge about to jump; a rope ready or all the pills swallowed; "can't talk, he's in the
hall"; strangled just now or relatives coming to beat her; a child hit and unconscious;
followed by bike or car; shut in and locked (Gujarati); and five false alarms: a worry
while he is at work, back pain, a boss or double shift, the news or a film, the delivery
at the door.
Round 11 (after the round-8 blind set was read): threats in people's own words (not
leaving alive, "your corpse will go out", "won't spare you today", Sylheti "will finish
you", "will cut me"); followed now by car, van or motorbike from a named place; hiding or
beside him and unable to talk; hurt now or a weapon pointed at her (a child telling of mum
kicked on the floor or bleeding, a head struck against a wall, a bottle or scissors); shut
in without keys or taken by force; the means of self-harm used (exhaust in a closed garage,
bleach, antifreeze, rat poison or field spray drunk, someone else's pills, wrists cut, a
bridge, a blade in the bath); and six false alarms: a child's game or dolls where someone
is killed, a mother-in-law "killing me" with advice or arriving ("aiuto"), a film or
documentary told, a worry while he is away in Arabizi ("lama", when, is not the Romanian
blade), a harmless caller at the door, and "not in danger" said outright.
Round 12 (after the round-9 blind set was read): shut in a room with the keys or phone
taken; followed and still behind her; a number of pills or the whole box taken, a last
day with the pills ready; unable to speak with him right beside her; relatives coming to
kill her ("won't spare the girl today"); pushed down the stairs while pregnant, hot tea
thrown on a child, in-laws hitting her ("send someone quickly"); cut and bleeding a lot, on
a bridge in Gujarati (answered in Gujarati, not Urdu); and four false alarms: a kitchen cut
told calmly, a telenovela told, "mum will kill me if she finds out", dancing that "will kill
me".
Round 13 (after the round-10 blind set was read): a person pinned down now, told by a
child; the medicine cabinet swallowed; at a cliff or a bridge, not going home, sorry; rat
poison taken and about to jump at the canal (Panjabi, Gujarati), kerosene brought to burn
her (Urdu), unable to talk with him sitting beside her (Gulf Arabizi), pregnant and beaten
with a stick (Bengali), each answered in its writer's language; and false alarms: a queue
"killing me", a small kitchen cut told calmly, a parent or teacher who "will kill me" when
they see the grades (and English "is gonna kill me when she sees"), a TV drama or natok told.
Round 14 (after the round-11 blind set was read): at the tracks or a railway bridge
waiting for or going under the next train; a mother, aunt or sister-in-law beaten now,
told by a child or a relative, or unable to talk with him beside her (pl, pt, ar, bn); on a
bridge or the railway line about to jump (pl, ur, bn); a knife in his hand, the throat
pressed or followed by car (gu); a weapon raised and coming towards her (pa), each answered
in its writer's language; and false alarms: a dad who "will murder me if he finds out", a
relative visiting "while she's here", a mother or older sister who "will kill me" over a
grade or a lipstick (ro, bn), a strangling in a novela or film told (pt, es, it), a match
that "killed me" (Arabizi).
Round 15 (after development danger rounds 1-6 were read): kept in the home, hiding in a
wardrobe unable to talk, he has got in, "its him" at the door, a child in the car with him
drinking (en); he is back or coming home, here now or at the door (pa, gu, bn, ur, ar, ro);
locked in from outside, a child beaten and "now my turn" (pa); trying to break the door
(ur, Arabic script); relatives coming to kill her (bn, ar, pl); a knife waved at the
children, followed from a station (gu, pt); pregnant and kicked, bleeding, shut in with
the keys taken (pt, it); wanting to die or pills taken (ar, bn, pa, gu, ur, pl, es), each
answered in its writer's language; and false alarms: a knight who kills the dragon, an
ache "killing me", a toddler locked in while playing, "time kill" (ur), a question on the
law about threats to kill (gu).
Round 16 (after development danger round 10 was read): mum on the floor and he keeps
kicking her (pl), a child bleeding from the head after a chair thrown (ro), a stick carried
and "muka dena" (pa), a car followed and unable to speak with him at home (ur), a
stepfather beating mum now (pt), pregnant and kicked (es), "ra7 y2tolne", "bach
yeqtlouni", at the door knocking, "7alaf yekserli rasi" (ar), a daughter beaten and her
nose bleeding (gu), help unable to speak, on the tracks waiting for the train (it), each
answered in its writer's language.
Round 17 (after blind danger round 12 was read): Sylheti "he is coming with a dao" and
"says he will beat the children", going to the river and not coming back (bn); standing
at the edge, a high place and then "done" (en); and false alarms: a match or workout that
"nearly killed me", a documentary where he strangled her.
Round 18 (after blind danger round 12 was read): he arrives and "will finish me", a
neighbour hearing blows or screams for help, unable to talk with him beside her, the
railway line (ro, es, it, bn); the children driven off by him drunk (pa, pt, it); a weapon
outside the door, blood from the head or face, told by a child (pa, ar); shut in and
latched from outside (ur); "you won't get through the night" (pt); followed by car (ar,
gu); a threat to scar her, cornered with scissors (it); all the pills of the box, a whole
blister, a bridge (pt, es, ar), each answered in its writer's language; and false alarms:
a teacher, coach, boss or mum who "will kill me" over homework, a match or the milk, a
kitchen knife or an axe for firewood, a stabbing on the news.

Round 19 (after blind danger round 13 was read; the ten languages other than English): a
child held over a balcony or taken to a roof and threatened to be dropped (pl, bn); tied
up or taped (pl, es); boiling water, a hot iron, tongs, a stove or a cigarette at her
face or arm, bleach in her eyes (pl, ro, ur, pt, es); a car driven at her, forced into a
car or locked in one or its boot (ro, ur, pa, gu); her head held under water, dragged by
the hair, a dog set on her, hit then a rope or belt fetched (pt, es, it); "will finish
me", "will bury me", "wants to slaughter me", "next time it's your throat" (pl, pa, es,
ar, pt, it); petrol or the gas opened with a lighter in his hand, a dupatta pulled tight
round her neck, "kill kari nakhish" (ur, ar, gu); hiding or unable to talk with him
beside or next door, text only (pa, ur, bn, ar, it); a child telling of mum beaten now or
her head against a wall (ar, gu); insulin or all the medicine taken, a charcoal stove lit
in a shut room, driving into a tree, into the sea from a pier or rocks, "I'll hang
myself", "I will end myself" (pl, pa, ro, pt, es, bn, gu, it), each answered in its
writer's language; and false alarms: a laugh then "socorro", "nearly died of fright", a
knife slipping onto a finger in the kitchen, a relative's joke threat with "lol" or
"jajaja", loud music "killing me", an escape room, help to hide a birthday cake.

Round 20 (the lead's share of blind round 13): English: fetching a spade, a belt or rope;
hands, ankles or mouth tied or taped; every tablet of a named medicine swallowed;
"nobody's going to miss me"; and false alarms: when he is usually home (a time to call
back), a dad who "will kill me" over a dented car or an exam, tablets taken as the doctor
said.

Round 21 (after blind danger round 14 was read; the ten languages other than English): a
broken bottle or a shard of glass in his hand (pl, pt); hiding in a wardrobe while he
searches, or in a shop while he waits in the car park (pl, ro); a neighbour's screams, then a
bang or silence (pl); hurt and not let out to a hospital or a doctor (pl, pa); the ex in with a
copied key, on the same bus behind her, or he found the refuge, at the gate (pl, pt, ur); a
heavy thing thrown at her, drunk and taking the baby in the car, relatives with bats, "will
teach me a lesson tonight", barricaded in (ro, it); "won't spare you today", back drunk, can't
speak (Gurmukhi), a stick, dao or chain in his hand (pa, bn, it); beaten with a wire, belt or
cable, choked ("5ana8ni"), "kaytaye7 fiya", came back drunk (ur, ar); "will finish me" with the
person after the verb, "won't leave you alive" (ur, bn, gu); she can't get up from the floor,
beaten (ar, bn); "will die and take everyone", drunk driving with the children, a head split
open (bn, it); pushed down the stairs, a baby slammed down (gu); hearing him sharpen a blade,
shut in a storeroom, dragged by the hair, a belt then hitting the child now, threatened with a
chain (es); a nose or ribs broken (it); pills named then "I'll swallow them all", someone
else's pills, pills with spirits, all at once (pl, pt, ar, it, gu), ant or rat poison, antifreeze
or bleach to be drunk (pa, ur, es), the railway line, a roof or car park, the canal with stones,
"n9tel rassi", setting herself on fire (ro, pa, ur, es, ar, bn), each answered in its writer's
language; and false alarms: paintball "killed me ten times" (ro), "socorro" then a laugh (pt,
es), a hairdresser the writer jokes she'll kill, a video game that "always kills me" (it), a
feeding "dando al nene de comer" (es), a delivery rider at the gate, a boss who "won't leave me
alive" over a report (ur).

Round 22 (the lead's share of blind round 14): English: pills and a drink laid out
together, the next train "and it's over" at a level crossing or the line; and false
alarms: a game's player shouting "im gonna kill you", the next train "over an hour" late.

Round 23 (after blind danger round 15 was read; the ten languages other than English): the
self-harm means that set missed, each answered in its writer's language: shut in the
garage with the engine running, all of someone's pills and "I'll swallow them now", "I
don't want to be here any more" (pl, it); "tonight I swallow them all", at the edge of a
quarry, cliff or gorge (ro); a poison mixed and about to be drunk, a cleaner and "I'll
drink it", weed or rat poison bought to take (pa, ur, bn); a plastic bag over the head
(ur); in the bath with a plugged-in appliance (pt); the gas left open on purpose, at a
cliff about to jump (es); at the edge of a lake, the sea or a bridge, unable to go on
(ar); in front of a lorry, bus or train (pa, bn); a hand in the socket, a shock taken
(gu); a medicine "I'll drink it all" (it); and danger families: struck and the blood
running or not stopping (pl, bn); hit and not getting up or waking, a taser (ro, pt); a
threat to hang her, to cut off a part of her, pills forced down (pa, ur); the car driven
at her or into a river (pt); "the next thing is your head", "I'll break your neck" (es,
it); thrown from the balcony, "hakhalas 3aleeki" (ar); "amake shesh korbe", Sylheti
"mairalaibo" (bn); no ambulance allowed, a threat to poison her (gu); and false alarms: a
carrom piece "hit" in a game (bn), a break-in told in the past (gu), an engine a mechanic
checks, a job "I don't want to be here in" (pl, it), jumping for joy (es).

Round 24 (the lead's share of blind round 15): English: someone hurt gone limp, not
breathing or who cannot be woken; hurting his wife, son or dog now, dragged by the hair
or a scarf; come in holding a bat, a bar or a pickaxe handle; a fist through the window
now, reaching in for the latch; an inhaler, insulin or EpiPen taken away, watching her go
hypo (danger); going over the side of a ferry or off a bridge (self-harm); and a false
alarm: "not responding to my texts".

Round 25 (after blind danger round 16 was read; the ten languages other than English): the
self-harm means that set missed, each answered in its writer's language: a scarf, rope or
belt already tied to a hatch, beam or hook (pl); a number of pills swallowed, on a bridge,
roof or cliff and "I jump" (ro); a knife into her own stomach, wrist or throat (pa); at a
high balcony, roof or floor saying "forgive me" (ur); staying under the water until it
ends, all the insulin injected (pt); walking into the sea until out of depth, a poison in a
glass (es); all the pills taken, on a roof or bridge and "not coming down" (ar); jumping
from a window, roof or bridge, a rope or cloth to the neck (bn); pills swallowed all
together tonight (gu); boxes of pills swallowed, the car driven into a tree or wall (it);
and danger families: boiling water over her head, "you won't leave alive", hidden while he
waits (pl); tied to a chair, a dog set on her, "next is the throat", smashing everything,
over the fence with something in hand (ro); "I'll finish you off", a hot iron pressed on her
(pa); shut in a car boot, a bag or pillow over her face, "we'll carry you off", "the moment
you step out" (ur); a baby shaken hard, made to write or record a farewell, a broken jaw or
nose, breaking in while she is shut inside (pt); shut out in the cold, the bars cut or the
lock forced, gagged, "we'll both die", "you'll end up in hospital" (es); a head pushed under
water, waiting with or looking for a knife, hit with a chair or stick now, digging "your
grave" (ar); "will cut your throat", coming with a blade or stick, the door shut on a
screaming child, "will throw you down" (bn); tied to a chair or bed, gone for kerosene, a
head struck on a wall, locked in and beaten, a child thrown down, hot oil or tea poured on
her (gu); kicks or punches now, a gag, "I'll break your legs", the gas opened to blow up
(it); and a false alarm: the series Bab al-Hara ("باب الحارة") is no door being broken (ar).

Round 26 (the lead's share of blind round 16): English: fuel poured or splashed round the
home or over someone, a jerry can then pouring; hiding while he searches room to room or
sends the dog to find her; a mouth full of blood, covered in blood, blood everywhere
(danger); a rope, belt or cord tied round a banister, beam or door, goodbye letters;
legs dangling off a roof, on the edge or ledge of a height, the wrong side of the
railing, not coming down (self-harm).

Round 27 (after blind danger round 17 was read; the ten languages other than English): the
self-harm means that set missed (or classed danger), each answered in its writer's language:
screen-wash, radiator fluid or antifreeze drunk, a leg over a car-park, bridge or balcony
barrier, or the wrong side of it (pl; "za noge", held by the leg, stays danger); going to
lie on the railway line or the rails (ro); sulphas tablets brought or to be eaten, a jump
into a canal or river, "chhaal maarni" (pa); petrol or kerosene poured over herself (ur,
self-harm, no longer danger); blister packs or boxes swallowed, on a bridge and not wanting
to go back (ar); pesticide or rat poison drunk, a jump into a river (bn); whole strips of
pills swallowed, walking into the water (gu; over an old swimming exclusion, first-person
future only); all of a named medicine or a score of pills, charcoal lit in a shut room (it);
a pot or box of a medicine swallowed, a gun to hand "and I don't know whether to do it" (es);
and danger families in the romanised languages: bleeding now, pinned to a wall, "nobody
will survive" after "he says" (pa); beaten with a stick or belt now, bleeding now, pushed
and knocked down (gu); the door being broken, an iron bar or a blade in his hand (answered
in Bengali, no longer Urdu), "if you don't come down I'll come up", a scarf round her throat
(bn); someone hurt and not moving, a blade and a threat to slash her face, shut in a cellar
or room, beating with a stick (ar); a threat of an electric shock, something mixed into her
food or drink (ur); and false alarms: a kitchen burn from a pan ("m-am ars pe mana cu
tigaia", ro), a car not moving in traffic (ar), a pool jump (gu).

Round 28 (the lead's share of blind round 17): English: someone thrown through glass, a
window or a table; a hand, head or leg slammed or held in a door now (the past tense is
told, not happening); someone forced into a car, van or boot; a scream or a thud, then
nothing or the call cut (danger); a number of tablets of a medicine whose name has a
hyphen ("co-codamol", which spaCy splits in three, so the number-of-pills rules of round
12 never heard it) (self-harm).

Round 29 (blind round 18's English misses): "is here", "is outside again", "is back"
without a pronoun, opening the message before a stop or as the whole of it; a hand or
face held on a hob, cooker, fire or iron; the hinges, lock or handle taken off the door
she is behind; a car revved or driven at someone (danger); a car in a closed garage with
the engine running, a hose from the exhaust (self-harm).

Round 30 (after blind danger round 18 was read; the ten languages other than English): the
self-harm lines that set missed, each answered in its writer's language: a razor blade to
hand then "I'll end it", "today I end it" and nobody noticing (pl); pills or boxes with
"swallowed" after them, throwing herself under or in front of a bus or train (ro); a
pesticide spray or poison about to be drunk, a whole strip or box of pills eaten (pa); a
wrist or vein cut by herself (ur); all that was in the box swallowed, on a ledge or
parapet of a height, legs out over it (pt); at the edge wanting to fall or throw herself,
all of someone's pills eaten (ar); "won't live any more", drowning herself in a pond or
river (bn); and danger in the Latin-alphabet languages: acid carried, a threat to run her
over, a beating with a pan or bottle, a child kicked just now, someone who no longer
moves, men coming with weapons (es); pushed off a balcony, forced into a van, hit with a
bottle naming whom, someone who no longer wakes, he came and took a pitchfork, searching
the rooms for her (ro); a blade being sharpened, a threat to cut off her fingers, thrown
down the stairs, a head bleeding (pt); men breaking the door in, things thrown at her,
bleeding from the head or mouth (pl); held or dragged by the hair or neck, pulled down the
stairs (it); and in the romanised languages: "they will slaughter me", "your last night"
(Gulf), a cleaver in his hands, fetching the knife, a child held by the neck, a face gone
blue, shut in a room (ar); a blade at the throat, a head split open, bleeding that will not
stop, a hand held over the stove (bn); forced into a car, hiding now (pa); a pillow over her
face, kicks or punches now, hiding while he searches (gu); and a false alarm: an
instructor's chokehold in jiu-jitsu training (pt).

Round 31 (after blind danger round 19 was read; the ten languages other than English): its
misses, each answered in its writer's language: boiling water or acid poured over a person,
insulin injected all at once, a belt or cord tied to a door handle or banister (pl); a
drainpipe or a wall climbed up to her balcony, locked in a car boot, a whole strip or box
of a named medicine (ro); dragged to a car, a threat to throw someone in a canal or well or
to push her, made to stand at an edge (pa, Gurmukhi and romanised); chilli powder in a face
or eyes, someone dangled over a balcony, fuel poured over herself with the fuel named
first, on a bridge or roof and then the end (ur); someone hurt or fainted who does not
wake, a beating with a broom or a belt, cornered in a room, a belt taken off, all the
leftover pills, walking into the sea until gone (pt); her home watched through
binoculars, a beating with a helmet or a bat, someone beaten who does not get up, the
power cut in the dark, pepper spray in a face, crashing her car on purpose (es); a hot
iron on her body, beaten with a crutch or a hammer, a broken arm, fetching a weapon,
dragged to a car, taken to an airport by force, "they beat me" (Gulf), a head banged on a
wall or pouring blood, a rock brought, the door rattled, "bghit nmout", throwing herself
from a roof, the gas opened in a bathroom (ar); dragged up to a roof, a threat to throw
her from a height, a cloth pulled round a neck, no sound from her, a cigarette burn, at a
height about to jump, all the pills eaten up (bn); a person dragged outside or shut in a
boot or a room, the electricity cut by him, pesticide or rat poison drunk, cuts made on
her own arm (gu); a weapon or a nail gun pointed at her, a person punched or kicked,
someone hurt who does not wake, waiting below and saying he is coming up, blades ready, a
whole bottle of a named medicine (it). Its false alarms stay false alarms: killed in a
numbered night of a mafia game (pl), an actor back on screen with laughter after and a
wrestling pin (pa), folic acid (bn, gu), a capoeira kick (pt), a video-game kill told by
the one killed (es), a film villain's line (gu), beaten every time at cards (it).

Round 32 (blind round 19's English misses and false alarms): a thing swung, brandished or
jabbed at her; the gas turned on unlit, the doors or windows taped or sealed (danger); the
edge of a quarry, gorge or cliff, then "done with (it) all" (self-harm); and false alarms:
beaten at a quiz, a doll "strangled" in play, an artichoke's or an old car's choke, a gas
bill beside sealed windows, a toddler swinging his arms.

Round 33 (after blind danger round 20 was read; the ten languages other than English): its
misses, each answered in its writer's language: an arm twisted or broken, a person shut out
on a balcony in the frost, yelling that he will beat her to death, pounding on the door, a
screwdriver or scissors as a threat, gone to his car for something (pl); a lead or cable
tied to a beam or hook (pl); a child screaming "no" at a parent then sudden silence, a
hatchet or crowbar (ro); all of someone's pills taken, driving into a tree or wall (ro); a
threat to cut off a nose or tongue, a car driven over a person, she is not moving, a club
held or at the gate again (Gurmukhi), shut in a garage with the engine running, acid held
towards a face (pa); into a canal or off a roof in romanised Panjabi, answered in Panjabi
(an Urdu exclusion: a place with Panjabi "ch" or "utte" is not Urdu) (pa); an electric
shock from a bare wire, a hot tong or iron brought, chased with a thing in his hand, a
wardrobe or fridge pushed onto a person, a grave threatened (ur); on a railway line (ur);
high up about to jump, a deep cut not wanted to stop (pt); a neck squeezed, "you won't get
past tonight", struck with an iron or bottle, bleeding from the head, beaten with a stick,
gone for a gun, taken to waste ground, tied up with petrol named (es); the gas opened with
the windows sealed (es); "tonight is your last night", a belt held, a fire at the door,
locked in a bathroom, a knife on him, kicking the door, tied to a chair (ar); a rope or
noose made ready, a will written then the end (ar); locked in with the gas on, a head held
under water, not moving or breathing (bn); hanging from a fan, at a river's edge to go in
(bn); a hammer or knife held ready, "today it's over", kicked in the belly, taken off in a
car, a threat to burn her, dragged by the hair (gu); high up and wanting to jump (gu);
struck with an iron or pan, chased with a rake or knife, tied to a radiator, a threat to
"fix" her for good (it); under a train tonight, a whole box of a medicine taken or with
drink (it). Its false alarms stay false alarms: killed in a game so many times over and a
blunt cleaver (pl), a knife to be sharpened for Eid (ur, pa, bn), a Spanish boss who
"kills" her (pt), a game lost to a brother with laughter (ar), a mother who "will kill" her
over a class with laughter (bn), and the Spanish "bata" (a dressing gown), no longer read
as the Romanian bat. A husband who "will kill" her over a burnt dinner, with laughter after
(it), stays danger, as "he will kill me lol" does in English and Panjabi: laughter can be
nervous.

Round 34 (blind round 20's English misses): something thrown at her just now, a person sat
on top of her hitting her (told by a child), a threat to kill said as "you're finished" or
"I'm dead" with its time, and "can't talk, he's one room over". Its near misses: a plate
thrown years ago, done with a course of antibiotics, "dead to them" (disowned).

Round 35 (blind round 21's English misses): just out of prison and at her door, something
in his hand as he comes, dragged into a garage or room and locked in (danger), and an
appliance plugged in by the bath she is sitting in (self-harm). Its near misses: out of
prison years ago, bins dragged into the garage, whether a toaster is safe near the bath.

Round 36 (after blind danger round 21 was read; the ten languages other than English): its
misses, each answered in its writer's language: his car outside again and he is getting
out, the door forced now, strangled with a cable, kicking at the door, just out of prison
and at the door, standing over her with something, pushed down the stairs and unable to
get up (pl); just out of prison and knocking, in the hall with a hoe or fork, coming at
her throat, trampled on the floor (ro); a whole box swallowed, pills taken so as not to
wake (ro); a window smashed now, just out of jail and outside, a sickle picked up, boiling
tea thrown on a face (pa); pushed down the stairs (ur); a charcoal burner lit in a shut
room (ur); a tooth broken then a threat (over an ache's exclusion), waiting with a club,
beaten with a tube, unable to get up from the floor, pushed against a lit stove (pt); his
car below again, beaten or choked now, lying without moving, "she won't leave alive",
dragged back inside (es); a leg over a balcony railing, a cord round her own neck in the
first person (es); his car below and he is coming up, a Gulf threat to slaughter, out of
prison and at the gate, dragged by the hair, a chair broken over her back, a threat to
throw her from the balcony (ar); hit now with a hammer, chain or stick (bn); where a lorry
comes, then the end, or in the middle of a motorway (bn); a chair picked up and brought
down on a head, "I'll cut you" (gu); at a dam or bridge to jump, poisonous tablets
swallowed (gu); a head bashed against something, something smashed on her head, chased
with shears (it); a hose from the exhaust, cutting herself now (it). Its false alarms stay
false alarms: a strangling long ago told calmly, a chore "killing" her, a daughter's joke
threat over singing (pl); danger denied for a grandmother (ro); a sword fight in a
historical drama (ur, pa, gu); a knife that slipped while cooking (es); a mother's and a
sister-in-law's joke threats with laughter after (bn, gu); a stabbing in a TV series (it).

Round 37 (after development danger round 23 was measured and read; the ten languages other
than English): its misses, each answered in its writer's language. Thrown or pushed out of
a car and he is coming back (all ten); a window or door smashed and he is getting in (pa,
ur, gu, ar); a threat by voice note and he is on his way, a threat to bury her (pl), to cut
her throat or not to leave her alive (pa); a child telling of a parent beating a brother,
sister or mother now (ro, pt, it, bn), a head bashed on a wall (pt) or held under water
(it); come with an axe (ur); forced to drink bleach, dragged by the hair or down the
stairs (ar); a hot iron, a threat to cut people up (gu); a threat to shoot (es). Self-harm:
a handful or all of the pills about to be swallowed (pl, pa, pt, es, ar, bn, it), bleach or
poison about to be drunk (pt, es, gu, it), a blade in hand with giving up (ro, ur, it), a
belt, rope or scarf tied up high with a chair ready (pl, es) or to the fan (bn), on a roof
to jump (pa), on a railway line (gu). Its false alarms stay false alarms: a monster in a
game, a mother's, sister's or coach's joke threat with laughter (pl, ur, pa, es, it; a
partner's stays danger, as does a wife's over a purchase told to a friend, in every
language as in English), a car or break-in years ago told calmly (ro, ur), a break-in or
killer in a soap, series or film (pt, ro, bn, gu), a finger cut while cooking (ur, pa, bn,
it).

Round 38 (development danger round 23's English misses and false alarms, by the lead): a
strip or handful of pills in her hand, about to take them (not "do i take them with
food"). Its false alarms: a game's boss that keeps killing the player, a friend who "is
gonna murder me" for being late (a partner, ex or dad is not listed), choked out in a
martial art or sport.

Round 39 (after blind danger round 22 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. The gas turned on with a lighter held or a threat to blow up or burn (pl, pt,
ar), petrol or acid brought (pa); hit on the head and coming again, something hot lifted
at her face, a hot iron on her body (pl, pa, ur, bn); a tool taken up and he comes at her,
hiding while he walks the rooms with a saw or axe, at a door, gate, landing or school gate
with a bat, knife or rod (pl, ro, pa, ar, bn, it); his car outside "is him" (ro); a child
telling of a mother shut in a car boot or car, taken to a canal, hands pressed on a lit
stove, strangled with a seat belt, chained and beaten, not moving after a bat (ro, pa, ur,
es, bn, gu); a dog set on her, taken abroad by force with a threat, a child held out of a
window or over a balcony (ur, pa, bn); locked in with a fire threat, driving to crash them
both, "you won't leave alive", "when we get home he kills me" (pt, es); a threat to
slaughter her said in Gulf Arabizi (ar, over the Romanian "lama"); a sword or knife drawn
(gu); a crossbow or gun aimed, dragged up to a roof (it). Self-harm: pills, medicine,
insulin or methadone counted out or taken all at once (pl, ro, pa, pt, bn, it); on or over
a bridge or overpass railing, into the water (pt, ar, bn, gu, it, ur); a plastic bag,
wrists cut (es); driving into a lorry (gu). Its false alarms stay false alarms: a
strangling years ago told calmly, a choke hold or kick in a martial art or sport (pl, ro,
pt, ar), a sword in gatka practice (pa, ur, gu), shut in long ago told calmly, music
"killing" her (es), a sister-in-law's joke threat with laughter (bn), a shooting in a TV
series (it). A wife's threat over a birthday (ro) stays danger, as every partner's does.

Round 40 (blind danger round 22's English misses and false alarms, by the lead): his
vehicle outside now ("grey van outside is him"), a child telling of a partner stamping or
kneeling on her mother now, a number of pills counted or lined out. Its false alarms: shut
in as it "used to" happen, a scene where they set something on fire, food that "nearly
killed" someone, a game's impostor. A wife's threat to "strangle me" over a purchase stays
danger, as every partner's threat does.

Round 41 (blind danger round 24's English misses and false alarms, by the lead): pushed
past her into the house and there now, whipping or belting her now (a child telling of
it), something put in her drink now, her arms pinned while she is hit. Its false alarms: a
TV murder "done in" with a weapon, a boss or teacher who "will murder me" over work.

Round 42 (after blind danger round 24 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. He forced his way in and is inside now (pl, pt, ar, it); a child telling of a
man sitting on her mother hitting her with his fists, or of her gone silent (pl); a fire
set to curtains or a room (pl, es); hands or wrists tied with wire, tape or ties (pa, ur,
es, gu, it); a weapon brought as he comes or waits, at a throat, or a gun loaded (pa, ur,
es, ar, bn, gu, it); hiding while he searches (pa, ar); a drink spiked, the ex on her
train walking at her, a threat to hurt a child if she calls, a baby in one arm and a
weapon in the other (es); a threat to finish her today (pa), to smash her head (gu), to
slaughter them or "your head first" (ar); a child taken in his car (pa); held by an
in-law while he beats her, with a belt, broom or carpet beater (pt, gu, it), whipping now
(it), a car window smashed (it). Self-harm: a farewell letter with the means ready or
"tonight I end it" (all ten), a rope from a hook, beam, fan or tree or in a garage, a stool
under it (ur, pt, ar, bn), over a car-park barrier or a parapet (pl, pt), on or going to
the railway tracks (pa, bn, gu, it), the pills named then all swallowed (es), a car
driven into a wall (ur). Its false alarms stay false alarms: a murderer with a hammer in
a TV series (pl), a boss's, manager's or teacher's joke threat with laughter or over
lateness (pa, ur, pt, ar), a door broken or a belt used years ago told as a habit (pa,
gu), a knife used on an animal for Eid (ur, pa, bn), a film hero who kills everyone (pt),
a football score (es, pt). A drama where girls fire guns matches only the English
`weapon` rule (the lead's file).

Round 43 (after blind danger round 25 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. Someone waiting or lurking outside with a weapon (pl, ro), on the stairs or
landing with one (it), a weapon taken or fetched as he comes, or chasing her with it (es);
coming up or running after her (ro); the power cut and he is inside (ro); over the wall
or gate, in by a window or balcony (pt, it); smashing things and coming up (pa, ur, bn);
came to beat or kill her (pa, gu); forced into a car (ur); dragged by the hair (pa); a
bone broken by him just now (pt, es, bn); thrown or slammed against a wall, stove or
fridge (pt, es), something smashed over a head, kicked or punched now (ro, it); beaten
with a cane, stick, belt or poker (ro, pt, gu); boiling tea poured or a rod heated red
(ur); a broken bottle and a threat to cut, to slit a throat or to kill her, told by
someone else (pt, es, it), to cut her (gu), to wound her (ar); a call snatched away, only
screams (ro); a hand on her neck, her throat pressed (ar, bn); the lock forced or the door
kicked in (ar); locked in a garage or store (gu); a blow with a pan or bottle, a weapon
gripped (it). Self-harm: charcoal burning in a shut room (pl), an engine running in a shut
garage (ro), gas on in a shut room (it); a bottle drunk with pills, a whole box of pills
(ro, it), all the pills swallowed (ur); at the edge of a quarry, cliff, ledge, railing,
window or roof (pl, es, ar); into a river, lake, sea or well (bn, gu), in front of a lorry
(ur); a wire or scarf tied round her own neck (pa); an electrical device by a full bath
(es); wrists or veins cut (pt, gu). Its false alarms stay false alarms: a strangling or a
kick long ago told calmly (pl, it, gu), a rib broken or a hand on the neck long ago (es,
ar), a shooting in a TV series (ro), meat beaten with a hammer (ro, pt), a manager's or
coach's threat over targets or a match (pa, ar), "no fear" after a knock in a game (bn), a
kill in a video game and "I get very angry" (gu).

Round 44 (blind danger round 25's English misses and false alarms, by the lead): kicking or
stamping on someone's head or face now, someone hurt who is not getting up or not moving (a
child telling of it); self-harm on a cliff top or height with legs over the edge, told in
fragments. Its false alarms: a strangling long ago told calmly, a soap's strangling, a game
where he keeps running me over, a driving instructor who "will murder me"; and the near
misses of the new rules: not getting up till noon, not moving out, a baby in the womb not
moving much (the midwife's question).

Round 45 (after blind danger round 26 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. Driving fast with the children and a threat to crash (all ten); the gas turned on
with the house shut or a lighter in hand (pl, ur, pt, ar, gu), he left it on (it); petrol
poured over her (es); hiding in a shed, wardrobe or cellar while he searches or is armed
(pl, pa, pt, bn, it), or shut in a wardrobe he beats at (ur); in-laws hitting her now or
holding her in a room (ro, ar, bn, gu); a baby taken onto a roof or balcony or to a window
and threatened (ro, pa, ur, gu); a dog set on her (pa, ar); coming with a bat or stick, in
Panjabi's 'reha' (pa); locked or thrown out at night or in the cold with a baby (ro, ur, gu,
it); someone hit with a stick, mop or belt and not moving, a child telling it (es, ar); a
lit cigarette pressed on skin (ro); pushed into a car boot or forced into a car (pl, ur,
bn); a face held over boiling water or a head under water (pl, pt); "we all die together"
(pt). Self-harm: walking into the sea, a lake or a pond and not coming back (pl, pt, bn, it)
or until she drowns (ar); on a bridge, crane, pylon, tower or ferry rail with a goodbye (ro,
es, ar, bn, it); "this is goodbye" with the means (pl); rat poison (pa); all the insulin
pens at once (pa, gu); a plastic bag and tape (pt). Its false alarms stay false alarms: a
teacher who "will bury" or "kill" us over homework (pl, it), a shooting in a TV series (ro),
a throat grabbed once told calmly (ur), a door broken in a TV series and a coach's threat
over a match (gu), a touch to the neck in fencing (it).

Round 46 (blind danger round 26's English misses and false alarms, by the lead): someone
being dragged, pulled or bundled into a vehicle now, told in the passive (a neighbour, a
sister); self-harm at a height (a footbridge, a flyover, a balcony) then climbing over, told
in fragments. Its false alarms: a boss at work who "will murder me" over a shift, a team
that "murdered us" on Saturday; and the near misses of the new rules: a car park, a car
wash, a car boot sale, "going over it again tomorrow".

Round 47 (after blind danger round 27 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. Barricaded or hiding in an attic, loft or room while he climbs up or breaks in
(pl, ro, pa, ar, gu); a pillow pressed on a face (pl, bn); a beating heard through a wall
(pl), a scream heard (ar); a head held under water or pushed into a toilet (ro, es); a head
beaten on the floor or wall (pa, bn); chased with an axe, machete or knife (pa, bn), a knife
in hand and "wants to kill" (ar, Maghrebi); a threat to throw someone into a tandoor or
canal (pa); the passport snatched and a forced trip to the airport (pa); forced to drink
bleach or poison now (ur); pushed from a moving car (ur); a hand or face pressed on a hot
stove, iron or hob (ur, es); a wire or scarf tightened round a neck (ur); a stick rained
down (ur); beaten with an ironing board, stump or other object now (pt, bn); a crossbow or
gun fired at a window (pt); on a bonnet smashing the windscreen or glass (es, ar); locked in
with things thrown (es); hitting a sister now (ar, Gulf); hot oil heated to pour on someone
(ar); a husband beating her now in Sylheti (bn); a threat to run her over (bn); a live wire
or a shock threatened (gu); bleach sprayed in the eyes (it); shut in a car in a garage with
the engine running (it); kicked or beaten all over (it); an air gun fired now (ur); a taser
on her body (pt). Self-harm: waiting on the rails (pl); swallowing all the pills now, pills
counted out, a rope tied to a beam (ro); at a canal edge, a scarf on the ceiling fan (pa); a
live wire (ur); stones in a bag at a dam or river (pt); a whole bottle of pills (es, gu,
it); a belt tied to a door, about to stab oneself (ar); standing on a balcony railing (it).
Its false alarms stay false alarms: an accountant who "will strangle me" over invoices and a
cleaver on onions (pl), a referee who "killed us" (ro, ar), forced pills in the past told
calmly and a boss who "will cut my neck off" (ur), a choke in a jiu-jitsu class (pt), a PE
teacher who "kills us" with laps and a kitchen "on fire" with burnt food (es).

Round 48 (blind danger round 27's English misses, by the lead): a tool held or swung as a
weapon now ("chisel in hand", "swinging a spade at my dad"), someone jammed or wedged against
the fridge or a radiator now; self-harm: a goodbye text, txt or msg sent. Near misses: a
golf swing, a saw that slipped, a shovel for snow, paper jammed in the printer.

Round 49 (after blind danger round 28 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. Locked in a cellar, shed or room with a threat to rot or be beaten on his return
(pl, ur, bn, gu); a drill, blowtorch or grinder on a hand (pl, es); a hot straightener,
iron, lighter or cigarette on the body (ro, pt, gu, it), hot dal or tea poured on someone
(gu); a mouth taped, hands tied, zip ties, tied to a chair or tied up and beaten (pl, pa,
pt, es, ar, bn, gu); a neck squeezed (pl); an ashtray, brick, stone or bottle smashed on a
head (ro, pa, ar); a threat to cut a nose or throat (pa, ur) or to disfigure a face (ar);
chased with scissors, a strimmer or an axe (pa, bn, it); a knee on a chest (it); a stick or
brick in hand (ur), a knife held or a gun had (ar, ur, bn, in Arabizi and code-mixed); a
slap or punch now (ur, which an exclusion of slaps threatened had dropped); an arm twisted
and a knife drawn (pa); glass or a knife at a throat (gu); hitting now in Moroccan and
Algerian Arabizi; cut in the hand or belly (bn). Self-harm: antifreeze or bleach drunk
(pl); a whole medicine swallowed or about to be (ro, es, ar); a train platform or the rails
(ro, es); a roof, tower, bridge or car-park top floor (pl, pt, it); a rope or scarf tied to
hang from (pa); driving into a wall or tree (ur, gu); deep water with no coming up (bn).
Its false alarms stay false alarms: a strangling years ago told calmly (pl), a sister or
mum who "will kill me" over a dress, lipstick, cold tea or spilt milk (ro, bn, ur, gu), a
cleaver on meat and a shotgun for crows (ro), chilli ground on a "bata" (a Romanian club)
(bn); and hitting told with "kan" (used to) in Arabizi.

Round 50 (blind danger round 28's English lines, by the lead): tied or taped up now (zip or
cable ties on wrists or ankles, a mouth taped); something heavy being thrown at a head or
face, just thrown, or thrown with blood or someone not moving; burnt with something hot
that is heated again, or burning someone now. Self-harm: at a height, not coming down or
back; a poison and "whole bottle" in fragments. Its false alarms: a game that "keeps
shooting me", "im a dead man" over something broken (not "he said im a dead man"), a
shotgun licence. Near misses: "my hands are tied" at work, a mug thrown once years ago,
fixing an aerial "till its done".

Round 51 (after blind danger round 29 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. A golf club, crowbar, bar or screwdriver held, brought or swung with a plea
(pl, pt, it), said alone ("tiene un palo de golf", es) or hitting now (ro, es, ur, bn, gu);
acid picked up, brought or thrown (pa, ur, ar, gu); curtains, a bed or a room set on fire
after an ordinary question (pa, ur, ar, bn, gu); a child telling of a parent hitting the
other with a chair, a shovel or a belt (ro, pt, ar, bn, gu, it); a leash, chain or cable
tightened on a neck (pl, ur, it); an old person beaten with their own cane (pl, ar) or
pushed against a wall (pt); a bottle smashed on a head and the broken glass at an eye or
throat (pl, ur, es); stabbed with a screwdriver or a box cutter (ro, pa, pt, ar, gu) and
hunted through the house (pt); an iron rod brought (bn, Sylheti). Self-harm: at a cliff,
quarry or hilltop edge about to jump (pl, ro, ur, es, gu); a whole bottle of cough syrup or
a whole medicine swallowed (ro, pa, es, ar, bn, it). Its false alarms: hitting long ago
told calmly (ro "pe vremuri", ar "كان ... زمان"), a game zombie with a shovel (ro), a
mother's joke over sweets (pa), a teacher who "will kill us" with homework (es, ar
Arabizi), and "de mate" (maths) read as Portuguese "kill".

Round 52 (blind danger round 29's English lines, by the lead): someone being hit "as we
speak" or "right now" after the object; something sharp or broken held at an eye, face or
throat; self-harm: a whole bottle or pack of a medicine drunk or swallowed. Its false
alarms: a tool gone missing or nicked ("crowbar's gone missing from the van"), and "sis"
(a sister) read as the Romanian blade "șiș". Near misses: whacking weeds "as we speak", a
bag of peas held to an eye, a whole bottle of wine.

Round 53 (after blind danger round 30 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, each answered in its writer's
language. A plastic bag put over a head (pl, pt, es, ar, bn, gu); a dog set on someone (pl,
ur, pt, bn, it); pills forced down an old person (pl, ur, bn, it); someone pushed, held or
hanging out of a window or off a roof (pl, ro, pa, ar, it); chased with a sickle, scythe or
pitchfork (pl, pa, pt, gu, it); a nail gun picked up (ur); a head hit with a lamp or a
rolling pin, or split open (ro, pa, es, gu); someone stood on after being pushed down (gu);
a door about to give (pl); searched for with a knife, a parent strangling the other now
(ar, Moroccan); someone heard being hit (es). Self-harm: all the insulin injected (pa, es,
gu); whole strips of a medicine (ur); walking into the sea (ur, gu); about to jump from a
bridge or roof (pa, es, bn); a cut made on oneself with a blade (ro, ar, bn, it). Its false
alarms: a knife in a film or series (pl, pt, and ro, es, it alike), a finger cut while
cooking (pl, pt, gu, it, es), a strangling years ago told calmly (pt, es, ar Arabizi); a
judo choke (ur) and a kabaddi tackle (pa) matched no pattern in process and are near misses.

Round 54 (blind danger round 30's English lines, by the lead): someone held or hung out of
a window, over a balcony or banister; a garden or farm tool (a sickle, spade, pitchfork)
swung at or chasing someone. Its false alarms: a chokehold at judo or wrestling, and what
happens on screen ("happy valley finale, he set himself on fire"), never when the next word
is someone here ("watching a film and he strangled me" stays danger).

Round 55 (blind danger round 31's English self-harm line, by the lead): on foot onto a
motorway or into the traffic, or stepping or running out in front of a lorry, bus or car;
not driving onto the motorway, walking to the services, or "the lorry in front of me".

Round 56 (after blind danger round 31 was measured and read, a development set now; the ten
languages other than English, by a helper): a head pushed or held under the water in a bath,
bucket, tub, sink, pond or river, in Moroccan and Levantine Arabizi and Arabic script, Urdu,
Panjabi, Bengali, Gujarati and Spanish, each answered in its writer's language. Near misses:
bread dipped in tea, one's own head cooled under water, a headache, clothes soaked in a bucket.

Round 57 (after blind danger round 31 was measured and read, a development set now; the ten
languages other than English, by a helper): a hot iron, a heated skewer or tawa pressed on
the body (pa, es, ar in Arabizi and script, bn, gu, ur); smothering with a pillow (ro, pt,
it, and bn, answered in Bengali); burning with cigarettes (it, ar); whipping with a charger
cable (pt, ar, pa); a helmet used to hit (ro, pt, gu). Near misses: ironing clothes, a
pillow fight or a new pillow, smoking on the balcony, a broken charger, a bike helmet bought.

Round 58 (blind danger round 32's English danger lines, read after measuring, by the lead): a
threat to end someone else's life ("hes yelling hell end her", typed for a grandmother);
someone hitting another with a thing with no "is" before it ("her fella whacking her with a
pan"); at a river, the sea or a canal, going in now or tonight. Near misses: ending a career,
a contract or a treatment; hitting in the past ("he was whacking me with a stick when i was
little"), a baby kicking, dough battered; going in the water for a swim or a paddle.

Round 59 (after blind danger round 32 was measured and read, a development set now; the ten
languages other than English, by a helper): its misses, grouped into families, largest first.
Hit with a stick-like thing: a billiard cue, a cricket stump, a pipe, a garden hose, a riding
whip, a rake or a bike lock (pt, it, es, ro, gu, pa); a field pesticide, insecticide,
weedkiller or antifreeze drunk (ro, ar, ur, pt, gu); stones or bricks thrown at someone (pl,
es, ar, bn, gu); a frying pan or a hot tawa used to hit or to chase, a head split with a
grinding stone (pl, bn, gu); pushed or dragged down the stairs (pl, ro, ur); a pregnant belly
kicked (pt, ur). Rules marked over_exclude where an older exclusion (a pool cue, a cricket
word, "laatein maar" alone, "keeray maar") overlapped a person hit or poison drunk. Near
misses: a game of pool or cricket, watering the garden, raking leaves, a lost bike lock,
spraying the fields, stones skimmed on a lake, cooking with the pan, a suitcase carried up the
stairs, a baby kicking in the womb.

Each round's fixtures (development data, never a blind set) are in
tests/data/danger_messages_gaps_round<N>.yml, one mapping of gaps, each with `danger`
and/or `self_harm` messages that must be caught and `near_miss` messages that must
match no language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import services_directory
from textsafety.danger import DangerDetector, default_detector, language_of_match

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
LANGUAGES = ("pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it")
WITH_ENGLISH = ("en", *LANGUAGES)
# Per round: the gaps that must be caught, as which kind, by a pattern of each language.
# A gap not listed here is one of false alarms, near misses only.
MUST_CATCH = {
    3: {"coming_with_fear_or_threat": ("danger", WITH_ENGLISH),
        "romanised_bengali_gujarati": ("danger", ("bn", "gu")),
        "here_unaccented_pronounless": ("danger", ()),
        "english_hiding_at_the_door": ("danger", ("en",)),
        "arabizi_maghrebi": ("danger", ("ar",))},
    4: {"other_room_cant_talk": ("danger", LANGUAGES),
        "here_now_with_plea": ("danger", LANGUAGES),
        "self_harm_as_people_say_it": ("self_harm", LANGUAGES),
        "locked_in_room": ("danger", LANGUAGES),
        "hit_now_or_finish_you": ("danger", LANGUAGES),
        "back_and_banging": ("danger", LANGUAGES)},
    5: {"overdose_taken": ("self_harm", WITH_ENGLISH),
        "weapon_now": ("danger", WITH_ENGLISH),
        "at_door_getting_in": ("danger", WITH_ENGLISH),
        "coming_drunk_or_angry_afraid": ("danger", WITH_ENGLISH),
        # the English verb inside the four languages written in Latin letters by sound
        "children_hit_code_mixed": ("danger", ("en", "pa", "ur", "bn", "gu"))},
    6: {"child_beaten_with_object": ("danger", WITH_ENGLISH),
        "phone_taken_kept_in": ("danger", WITH_ENGLISH),
        "sleeping_pills_taken": ("self_harm", WITH_ENGLISH),
        "hiding_cant_talk": ("danger", WITH_ENGLISH),
        "children_hit_now_native": ("danger", WITH_ENGLISH),
        "found_me_at_door": ("danger", WITH_ENGLISH),
        "end_you_today": ("danger", WITH_ENGLISH)},
    7: {"followed_now": ("danger", WITH_ENGLISH),
        "pregnant_hit": ("danger", WITH_ENGLISH),
        "jumping_now": ("self_harm", WITH_ENGLISH),
        "relatives_threaten_tonight": ("danger", WITH_ENGLISH),
        "child_bleeding": ("danger", WITH_ENGLISH),
        "breaking_the_door": ("danger", WITH_ENGLISH),
        "keys_taken_locked_in": ("danger", WITH_ENGLISH),
        "other_room_cant_talk_2": ("danger", WITH_ENGLISH),
        "drops_or_pills_taken": ("self_harm", WITH_ENGLISH),
        "my_turn_end_of_me": ("danger", WITH_ENGLISH),
        "child_taken_drunk": ("danger", WITH_ENGLISH)},
    8: {"hiding_cant_talk_3": ("danger", ("en", "pl", "ar", "gu")),
        "relatives_coming_to_kill": ("danger", ("pl", "pa", "ur", "es")),
        "followed_now_2": ("danger", ("en", "ur", "pa", "pt", "ar", "gu")),
        "outside_or_locked_in": ("danger", ("en", "pt", "bn", "gu")),
        "hit_or_choked_now": ("danger", ("en", "bn")),
        "self_harm_means": ("self_harm", ("en", "ro", "ur", "pa", "ar", "bn", "gu"))},
    # round 9: false alarms (near misses, and danger lines sharing their words), and the
    # lead's "now he will kill me" after a game word and Spanish hitting now
    9: {"now_he_hits_or_will_kill": ("danger", ("ur", "pa", "bn", "es"))},
    # round 10: the misses of blind round 7 (a development set now); five false-alarm
    # families (near misses, and danger lines sharing their words) need no entry
    10: {"forced_into_car": ("danger", ("pl", "es", "en", "it")),
         "pregnant_belly_kicked": ("danger", ("pl",)),
         "child_tells_family_hit_now": ("danger", ("pl", "es", "ro")),
         "about_to_jump": ("self_harm", ("pl", "ur", "pa", "bn", "gu")),
         "rope_or_all_pills": ("self_harm", ("es", "ar", "it")),
         "cant_talk_he_is_in_room_2": ("danger", ("ro", "ar")),
         "strangled_now_or_relatives_coming": ("danger", ("ar", "ur", "pa", "gu")),
         "child_hit_unconscious": ("danger", ("pa", "ur", "bn", "gu")),
         "followed_by_vehicle": ("danger", ("ur", "pa", "bn")),
         "locked_in_room_gu": ("danger", ("gu",))},
    # round 11: the misses of blind round 8 (a development set now); six false-alarm
    # families (near misses, and danger lines sharing their words) need no entry
    11: {"threat_in_own_words": ("danger", ("en", "ro", "pa", "ur", "bn")),
         "followed_now_3": ("danger", ("en", "pl", "ro", "es", "it", "ar", "gu", "pa")),
         "cant_talk_he_is_here_3": ("danger", ("pl", "es", "ar", "bn")),
         "hurt_or_weapon_now_3": ("danger", ("en", "ro", "pt", "it", "bn")),
         "shut_in_or_taken_by_force": ("danger", ("es", "ro")),
         "self_harm_means_2": ("self_harm", WITH_ENGLISH)},
    # round 12: the misses of blind round 9 (a development set now); four false-alarm
    # families (near misses, and danger lines sharing their words) need no entry
    12: {"locked_in_keys_taken": ("danger", ("en", "bn", "gu")),
         "followed_still_behind": ("danger", ("en", "pt")),
         "pills_counted_or_all_taken": ("self_harm", ("en", "pt", "ro")),
         "cant_talk_he_is_beside_4": ("danger", ("pa", "ar", "gu")),
         "relatives_coming_to_kill_2": ("danger", ("pa", "ar")),
         "hurt_now_4": ("danger", ("pt", "bn", "gu")),
         "cut_bleeding_or_bridge": ("self_harm", ("it", "gu"))},
    # round 13: the misses of blind round 10 (a development set now); false-alarm
    # families (near misses, and danger lines sharing their words) need no entry
    13: {"pinned_down_now": ("danger", ("en",)),
         "medicine_cabinet_swallowed": ("self_harm", ("en",)),
         "at_the_edge_goodbye": ("self_harm", ("en",)),
         "poison_taken_panjabi": ("self_harm", ("pa",)),
         "about_to_jump_at_water": ("self_harm", ("pa", "gu")),
         "kerosene_burn_threat": ("danger", ("ur",)),
         "cant_talk_he_sits_beside_gulf": ("danger", ("ar",)),
         "pregnant_beaten_bleeding": ("danger", ("bn",))},
    # round 14: false alarms that kept a question from its answer (development
    # conversations) and the misses of blind round 11 (a development set now)
    14: {"next_train_self_harm": ("self_harm", ("en",)),
         "hurt_or_silenced_now_5": ("danger", ("pl", "pt", "ar", "bn")),
         "about_to_jump_pl": ("self_harm", ("pl",)),
         "about_to_jump_ur": ("self_harm", ("ur",)),
         "on_the_railline_bn": ("self_harm", ("bn",)),
         "knife_throat_followed_gu": ("danger", ("gu",)),
         "weapon_coming_towards_pa": ("danger", ("pa",))},
    # round 15: the misses of development danger rounds 1-6 (written blind earlier);
    # false-alarm families (near misses, and danger lines sharing their words) need no entry
    15: {"kept_in_hiding_door_child_taken_en": ("danger", ("en",)),
         "back_locked_child_turn_pa": ("danger", ("pa",)),
         "coming_home_door_pills_ur": ("danger", ("ur",)),
         "coming_kill_in_laws_bn": ("danger", ("bn",)),
         "here_home_knife_followed_gu": ("danger", ("gu",)),
         "door_cant_talk_relatives_ar": ("danger", ("ar",)),
         "here_now_please_ro": ("danger", ("ro",)),
         "threat_hiding_relatives_pl": ("danger", ("pl",)),
         "all_pills_cabinet_es": ("self_harm", ("es",)),
         "followed_pregnant_kicked_pt": ("danger", ("pt",)),
         "locked_in_pregnant_kicked_it": ("danger", ("it",))},
    # round 16: the misses of development danger round 10 (written blind earlier)
    16: {"mum_on_floor_kicked_pl": ("danger", ("pl",)),
         "bleeding_head_thrown_chair_ro": ("danger", ("ro",)),
         "stick_and_finish_you_pa": ("danger", ("pa",)),
         "car_followed_cant_speak_ur": ("danger", ("ur",)),
         "beating_mum_now_pt": ("danger", ("pt",)),
         "pregnant_kicked_es": ("danger", ("es",)),
         "door_kill_break_head_ar": ("danger", ("ar",)),
         "child_beaten_bleeding_gu": ("danger", ("gu",)),
         "help_cant_talk_tracks_it": ("danger", ("it",))},
    # round 17: the misses of blind danger round 12 that got no 999 or no Samaritans
    17: {"coming_with_blade_says_beat_bn": ("danger", ("bn",)),
         "river_not_coming_back_bn": ("self_harm", ("bn",)),
         "at_the_edge_done_en": ("self_harm", ("en",)),
         "kicking_door_then_threat_es": ("danger", ("es",)),
         "hiding_he_is_looking_en": ("danger", ("en",))},
    # round 18: the misses of blind danger round 12 that got only another language's
    # reply (round 17 holds the lead's share of that round)
    18: {"arrives_neighbour_beside_tracks_ro": ("danger", ("ro",)),
         "car_drunk_weapon_outside_head_pa": ("danger", ("pa",)),
         "shut_in_latched_outside_ur": ("danger", ("ur",)),
         "night_threat_car_drunk_pills_pt": ("danger", ("pt",)),
         "neighbour_blows_blister_es": ("danger", ("es",)),
         "hit_blood_followed_pills_bridge_ar": ("danger", ("ar",)),
         "cant_talk_beside_bn": ("danger", ("bn",)),
         "followed_by_vehicle_gu": ("danger", ("gu",)),
         "scar_cornered_neighbour_drunk_car_it": ("danger", ("it",))},
    # round 19: the misses of blind danger round 13 in the ten other languages (round 20
    # holds the lead's English share); false-alarm families need no entry
    19: {"child_over_balcony_tied_stove_pl": ("danger", ("pl",)),
         "boiling_water_car_screams_pier_ro": ("danger", ("ro",)),
         "hiding_finish_sticks_locked_car_pa": ("danger", ("pa",)),
         "hot_tongs_stairs_forced_gas_ur": ("danger", ("ur",)),
         "hot_iron_drowning_hair_dog_pt": ("danger", ("pt",)),
         "bury_bleach_tied_cigarette_es": ("danger", ("es",)),
         "fuel_lighter_slaughter_chase_ar": ("danger", ("ar",)),
         "child_roof_locked_lying_beside_bn": ("danger", ("bn",)),
         "terrace_belt_wall_car_boot_gu": ("danger", ("gu",)),
         "throat_slammed_followed_mouth_it": ("danger", ("it",))},
    # round 20: the English misses of blind danger round 13 (the lead's share)
    20: {"fetching_a_tool_en": ("danger", ("en",)),
         "tied_wrists_en": ("danger", ("en",)),
         "swallowed_all_of_a_medicine_en": ("self_harm", ("en",)),
         "nobody_going_to_miss_me_en": ("self_harm", ("en",))},
    # round 21: the misses of blind danger round 14 in the ten other languages (a
    # development set now); each gap also holds self-harm lines, classed self_harm
    21: {"glass_hiding_screams_no_doctor_key_pl": ("danger", ("pl",)),
         "thrown_drunk_child_hiding_bats_ro": ("danger", ("ro",)),
         "wont_spare_stick_no_hospital_pa": ("danger", ("pa",)),
         "wire_finish_alive_refuge_gate_ur": ("danger", ("ur",)),
         "glass_locked_in_same_bus_pt": ("danger", ("pt",)),
         "sharpen_storeroom_hair_belt_chain_es": ("danger", ("es",)),
         "belt_choked_drunk_floor_ar": ("danger", ("ar",)),
         "finish_dao_cant_get_up_head_bn": ("danger", ("bn",)),
         "stairs_baby_alive_pills_gu": ("danger", ("gu",)),
         "chain_barricade_broken_nose_it": ("danger", ("it",))},
    # round 22: the English misses of blind danger round 14 (the lead's share)
    22: {"pills_and_drink_ready_en": ("self_harm", ("en",)),
         "level_crossing_next_train_en": ("self_harm", ("en",))},
    # round 23: the misses of blind danger round 15 in the ten other languages (a
    # development set now); each gap also holds danger lines, classed danger
    23: {"struck_blood_garage_engine_swallow_all_pl": ("self_harm", ("pl",)),
         "not_getting_up_taser_swallow_all_edge_ro": ("self_harm", ("ro",)),
         "hang_threat_poison_truck_pa": ("self_harm", ("pa",)),
         "cut_threat_forced_pills_poison_bag_ur": ("self_harm", ("ur",)),
         "car_at_me_not_waking_bath_appliance_pt": ("self_harm", ("pt",)),
         "next_is_my_head_gas_cliff_es": ("self_harm", ("es",)),
         "throw_from_balcony_finish_edge_ar": ("self_harm", ("ar",)),
         "finish_me_blood_poison_lorry_bn": ("self_harm", ("bn",)),
         "no_ambulance_poison_threat_socket_gu": ("self_harm", ("gu",)),
         "break_neck_meds_all_it": ("self_harm", ("it",))},
    # round 24: the English misses of blind danger round 15 (the lead's share)
    24: {"gone_limp_not_breathing_en": ("danger", ("en",)),
         "hurting_someone_of_his_now_en": ("danger", ("en",)),
         "came_in_holding_a_tool_en": ("danger", ("en",)),
         "reaching_in_through_the_window_en": ("danger", ("en",)),
         "life_saving_medicine_taken_en": ("danger", ("en",)),
         "going_over_the_side_en": ("self_harm", ("en",))},
    # round 25: the misses of blind danger round 16 in the ten other languages (a
    # development set now); each gap also holds danger lines, classed danger
    25: {"ligature_boiling_alive_hidden_pl": ("self_harm", ("pl",)),
         "pills_count_bridge_tied_dog_throat_ro": ("self_harm", ("ro",)),
         "blade_self_finish_hot_iron_pa": ("self_harm", ("pa",)),
         "window_goodbye_boot_bag_taken_ur": ("self_harm", ("ur",)),
         "under_water_insulin_shaking_note_jaw_pt": ("self_harm", ("pt",)),
         "sea_caustic_cold_gag_both_es": ("self_harm", ("es",)),
         "all_pills_roof_under_water_knife_chair_ar": ("self_harm", ("ar",)),
         "window_rope_throat_blade_bn": ("self_harm", ("bn",)),
         "pills_together_tied_kerosene_head_oil_gu": ("self_harm", ("gu",)),
         "boxes_tree_kicks_gag_knees_gas_it": ("self_harm", ("it",))},
    # round 26: the English misses of blind danger round 16 (the lead's share)
    26: {"pouring_fuel_now_en": ("danger", ("en",)),
         "hiding_while_he_searches_en": ("danger", ("en",)),
         "bleeding_now_en": ("danger", ("en",)),
         "ligature_or_goodbye_letters_en": ("self_harm", ("en",)),
         "on_the_edge_up_high_en": ("self_harm", ("en",))},
    # round 27: the misses of blind danger round 17 in the ten other languages (a
    # development set now); the lead's English share is round 28
    27: {"car_fluid_barrier_pl": ("self_harm", ("pl",)),
         "railway_line_ro": ("self_harm", ("ro",)),
         "sulphas_canal_jump_pa": ("self_harm", ("pa",)),
         "fuel_over_myself_ur": ("self_harm", ("ur",)),
         "packs_swallowed_bridge_ar": ("self_harm", ("ar",)),
         "pesticide_river_jump_bn": ("self_harm", ("bn",)),
         "strips_swallowed_water_gu": ("self_harm", ("gu",)),
         "all_medicine_charcoal_it": ("self_harm", ("it",)),
         "pot_of_pills_gun_es": ("self_harm", ("es",)),
         "bleeding_pinned_nobody_survives_pa": ("danger", ("pa",)),
         "stick_bleeding_pushed_gu": ("danger", ("gu",)),
         "door_iron_bar_come_up_throat_bn": ("danger", ("bn",)),
         "not_moving_blade_cellar_stick_ar": ("danger", ("ar",)),
         "shock_threat_food_mixed_ur": ("danger", ("ur",))},
    # round 28: the English misses of blind danger round 17 (the lead's share)
    28: {"thrown_through_glass_en": ("danger", ("en",)),
         "slammed_in_the_door_en": ("danger", ("en",)),
         "forced_into_a_vehicle_en": ("danger", ("en",)),
         "thud_then_nothing_en": ("danger", ("en",)),
         "hyphenated_medicine_taken_en": ("self_harm", ("en",))},
    # round 29: the English misses of blind danger round 18
    29: {"pronounless_is_here_en": ("danger", ("en",)),
         "held_on_the_hob_en": ("danger", ("en",)),
         "hinges_off_the_door_en": ("danger", ("en",)),
         "revving_at_me_en": ("danger", ("en",)),
         "engine_running_in_garage_en": ("self_harm", ("en",))},
    # round 30: the misses of blind danger round 18 in the ten other languages (a
    # development set now); the lead's English share is round 29
    30: {"blade_end_it_today_pl": ("self_harm", ("pl",)),
         "pills_swallowed_under_the_bus_ro": ("self_harm", ("ro",)),
         "spray_drink_strip_eaten_pa": ("self_harm", ("pa",)),
         "wrist_cut_ur": ("self_harm", ("ur",)),
         "box_swallowed_ledge_pt": ("self_harm", ("pt",)),
         "edge_fall_all_pills_ar": ("self_harm", ("ar",)),
         "wont_live_pond_bn": ("self_harm", ("bn",)),
         "acid_run_over_pan_kick_es": ("danger", ("es",)),
         "pushed_van_bottle_wakes_tool_ro": ("danger", ("ro",)),
         "sharpened_cut_fingers_stairs_pt": ("danger", ("pt",)),
         "door_plural_throwing_bleeding_pl": ("danger", ("pl",)),
         "hair_stairs_it": ("danger", ("it",)),
         "slaughter_cleaver_neck_blue_shut_ar": ("danger", ("ar",)),
         "throat_blade_head_split_stove_bn": ("danger", ("bn",)),
         "forced_car_hiding_pa": ("danger", ("pa",)),
         "pillow_kicks_hiding_gu": ("danger", ("gu",))},
    # round 31: the misses of blind danger round 19 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    31: {"boiling_water_poured_pl": ("danger", ("pl",)),
         "insulin_all_ligature_pl": ("self_harm", ("pl",)),
         "drainpipe_balcony_boot_ro": ("danger", ("ro",)),
         "whole_strip_of_pills_ro": ("self_harm", ("ro",)),
         "dragged_canal_push_edge_pa": ("danger", ("pa",)),
         "chilli_dangled_push_ur": ("danger", ("ur",)),
         "fuel_over_myself_bridge_ur": ("self_harm", ("ur",)),
         "broom_not_waking_cornered_pt": ("danger", ("pt",)),
         "leftover_pills_sea_pt": ("self_harm", ("pt",)),
         "binoculars_helmet_power_pepper_es": ("danger", ("es",)),
         "crash_the_car_es": ("self_harm", ("es",)),
         "iron_drag_airport_head_rock_ar": ("danger", ("ar",)),
         "want_to_die_roof_gas_ar": ("self_harm", ("ar",)),
         "roof_neck_cigarette_bn": ("danger", ("bn",)),
         "jump_pills_eaten_bn": ("self_harm", ("bn",)),
         "dragged_boot_locked_power_gu": ("danger", ("gu",)),
         "pesticide_cuts_gu": ("self_harm", ("gu",)),
         "pointed_punched_waking_below_it": ("danger", ("it",)),
         "blades_bottle_it": ("self_harm", ("it",))},
    # round 32: the English misses of blind danger round 19
    32: {"swinging_a_thing_at_me_en": ("danger", ("en",)),
         "gas_on_unlit_sealed_en": ("danger", ("en",)),
         "height_edge_done_with_it_all_en": ("self_harm", ("en",))},
    # round 33: the misses of blind danger round 20 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    33: {"arm_balcony_yelling_tool_pl": ("danger", ("pl",)),
         "leash_to_beam_pl": ("self_harm", ("pl",)),
         "scream_silence_hatchet_ro": ("danger", ("ro",)),
         "all_pills_drive_into_tree_ro": ("self_harm", ("ro",)),
         "nose_car_club_garage_acid_pa": ("danger", ("pa",)),
         "canal_jump_in_panjabi_pa": ("self_harm", ("pa",)),
         "shock_tongs_wardrobe_grave_ur": ("danger", ("ur",)),
         "railway_line_ur": ("self_harm", ("ur",)),
         "high_jump_deep_cut_pt": ("self_harm", ("pt",)),
         "neck_iron_stick_tied_es": ("danger", ("es",)),
         "gas_windows_shut_es": ("self_harm", ("es",)),
         "last_night_belt_fire_knife_tied_ar": ("danger", ("ar",)),
         "rope_will_ar": ("self_harm", ("ar",)),
         "gas_locked_head_water_bn": ("danger", ("bn",)),
         "fan_river_bn": ("self_harm", ("bn",)),
         "hammer_belly_car_fire_hair_gu": ("danger", ("gu",)),
         "high_jump_gu": ("self_harm", ("gu",)),
         "struck_chased_tied_it": ("danger", ("it",)),
         "train_bottle_it": ("self_harm", ("it",))},
    # round 34: the English misses of blind danger round 20
    34: {"just_threw_at_me_en": ("danger", ("en",)),
         "on_top_of_her_hitting_en": ("danger", ("en",)),
         "says_im_finished_en": ("danger", ("en",)),
         "cant_talk_room_away_en": ("danger", ("en",))},
    # round 35: the English misses of blind danger round 21
    35: {"released_at_my_door_en": ("danger", ("en",)),
         "something_in_his_hand_en": ("danger", ("en",)),
         "dragged_into_and_locked_en": ("danger", ("en",)),
         "appliance_by_the_bath_en": ("self_harm", ("en",))},
    # round 36: the misses of blind danger round 21 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    36: {"car_door_cord_prison_stairs_pl": ("danger", ("pl",)),
         "prison_tool_throat_trample_ro": ("danger", ("ro",)),
         "whole_box_no_waking_ro": ("self_harm", ("ro",)),
         "window_sickle_boiling_pa": ("danger", ("pa",)),
         "pushed_down_stairs_ur": ("danger", ("ur",)),
         "charcoal_shut_room_ur": ("self_harm", ("ur",)),
         "tooth_club_tube_stove_pt": ("danger", ("pt",)),
         "car_below_beating_alive_dragged_es": ("danger", ("es",)),
         "railing_cord_neck_es": ("self_harm", ("es",)),
         "car_below_slaughter_hair_chair_ar": ("danger", ("ar",)),
         "beaten_with_tool_bn": ("danger", ("bn",)),
         "lorry_highway_bn": ("self_harm", ("bn",)),
         "chair_head_cut_threat_gu": ("danger", ("gu",)),
         "dam_jump_poison_gu": ("self_harm", ("gu",)),
         "head_bashed_smashed_chased_it": ("danger", ("it",)),
         "exhaust_cutting_it": ("self_harm", ("it",))},
    # round 37: the misses of development danger round 23 in the ten other languages;
    # its false alarms are near misses of the same gaps
    37: {"car_bury_voice_note_pl": ("danger", ("pl",)),
         "pills_handful_noose_chair_pl": ("self_harm", ("pl",)),
         "car_return_child_beating_ro": ("danger", ("ro",)),
         "blade_giving_up_ro": ("self_harm", ("ro",)),
         "smashed_throat_alive_voice_pa": ("danger", ("pa",)),
         "pills_roof_jump_pa": ("self_harm", ("pa",)),
         "car_return_axe_broke_in_ur": ("danger", ("ur",)),
         "blade_giving_up_ur": ("self_harm", ("ur",)),
         "car_return_head_bashed_beating_pt": ("danger", ("pt",)),
         "pills_bleach_about_to_pt": ("self_harm", ("pt",)),
         "car_return_shoot_threat_es": ("danger", ("es",)),
         "noose_bleach_pills_es": ("self_harm", ("es",)),
         "car_return_window_bleach_dragging_ar": ("danger", ("ar",)),
         "all_the_pills_about_to_ar": ("self_harm", ("ar",)),
         "car_return_stick_sylheti_bn": ("danger", ("bn",)),
         "fan_scarf_pills_bn": ("self_harm", ("bn",)),
         "car_return_smashed_iron_cut_gu": ("danger", ("gu",)),
         "poison_railway_gu": ("self_harm", ("gu",)),
         "car_return_head_under_water_it": ("danger", ("it",)),
         "blade_pills_bleach_it": ("self_harm", ("it",))},
    # round 38: development danger round 23's English misses (its false alarms are
    # near-miss gaps of their own)
    38: {"pills_in_hand_then_take_en": ("self_harm", ("en",))},
    # round 39: the misses of blind danger round 22 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    39: {"gas_head_hiding_pl": ("danger", ("pl",)),
         "pills_counted_pl": ("self_harm", ("pl",)),
         "car_tool_boot_ro": ("danger", ("ro",)),
         "all_the_insulin_ro": ("self_harm", ("ro",)),
         "petrol_hot_canal_axe_pa": ("danger", ("pa",)),
         "all_pills_tonight_pa": ("self_harm", ("pa",)),
         "dog_force_oil_stove_window_ur": ("danger", ("ur",)),
         "into_the_water_ur": ("self_harm", ("ur",)),
         "alive_gas_fire_car_pt": ("danger", ("pt",)),
         "pills_railing_pt": ("self_harm", ("pt",)),
         "armed_strangle_crash_es": ("danger", ("es",)),
         "bag_wrists_es": ("self_harm", ("es",)),
         "knife_gas_slaughter_ar": ("danger", ("ar",)),
         "bridge_water_ar": ("self_harm", ("ar",)),
         "tool_balcony_iron_chain_bn": ("danger", ("bn",)),
         "medicine_bridge_bn": ("self_harm", ("bn",)),
         "drawn_bat_not_moving_gu": ("danger", ("gu",)),
         "jump_lorry_gu": ("self_harm", ("gu",)),
         "bat_aimed_dragged_it": ("danger", ("it",)),
         "overpass_methadone_it": ("self_harm", ("it",))},
    # round 40: blind danger round 22's English misses (its false alarms are a near-miss
    # gap of their own)
    40: {"his_vehicle_outside_en": ("danger", ("en",)),
         "stamping_on_her_en": ("danger", ("en",)),
         "counted_out_pills_en": ("self_harm", ("en",))},
    # round 41: blind danger round 24's English misses (its false alarms are a near-miss
    # gap of their own)
    41: {"pushed_past_now_en": ("danger", ("en",)),
         "whipping_her_en": ("danger", ("en",)),
         "drugged_drink_en": ("danger", ("en",)),
         "pinning_arms_en": ("danger", ("en",))},
    # round 42: the misses of blind danger round 24 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    42: {"forced_in_chest_fire_pl": ("danger", ("pl",)),
         "letter_barrier_pl": ("self_harm", ("pl",)),
         "letter_rope_forest_ro": ("self_harm", ("ro",)),
         "weapon_hiding_throat_tied_child_car_pa": ("danger", ("pa",)),
         "letter_rail_line_pa": ("self_harm", ("pa",)),
         "nailgun_tied_ur": ("danger", ("ur",)),
         "hook_stool_wall_ur": ("self_harm", ("ur",)),
         "belt_held_forced_in_pt": ("danger", ("pt",)),
         "letter_rope_parapet_pt": ("self_harm", ("pt",)),
         "ties_ex_drink_neck_fire_baby_es": ("danger", ("es",)),
         "pills_all_letter_es": ("self_harm", ("es",)),
         "searching_hammer_slaughter_ar": ("danger", ("ar",)),
         "rope_letter_ar": ("self_harm", ("ar",)),
         "weapon_waiting_bn": ("danger", ("bn",)),
         "rail_rope_tree_bn": ("self_harm", ("bn",)),
         "together_rod_head_tied_gu": ("danger", ("gu",)),
         "tracks_letter_gu": ("self_harm", ("gu",)),
         "tied_whip_window_held_gun_it": ("danger", ("it",)),
         "letters_tracks_it": ("self_harm", ("it",))},
    # round 43: the misses of blind danger round 25 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    43: {"waiting_weapon_pl": ("danger", ("pl",)),
         "charcoal_edge_pl": ("self_harm", ("pl",)),
         "after_power_blade_cane_ro": ("danger", ("ro",)),
         "garage_bottle_pills_ro": ("self_harm", ("ro",)),
         "came_smashing_dragged_pa": ("danger", ("pa",)),
         "cord_neck_pa": ("self_harm", ("pa",)),
         "smashing_car_boiling_ur": ("danger", ("ur",)),
         "pills_lorry_ur": ("self_harm", ("ur",)),
         "wall_bone_thrown_glass_pt": ("danger", ("pt",)),
         "wrists_cut_pt": ("self_harm", ("pt",)),
         "weapon_chase_bone_slam_throat_es": ("danger", ("es",)),
         "ledge_bath_es": ("self_harm", ("es",)),
         "lock_neck_kick_wound_ar": ("danger", ("ar",)),
         "window_roof_ar": ("self_harm", ("ar",)),
         "smashing_bone_throat_bn": ("danger", ("bn",)),
         "into_water_bn": ("self_harm", ("bn",)),
         "came_locked_cut_stick_gu": ("danger", ("gu",)),
         "water_wrist_gu": ("self_harm", ("gu",)),
         "window_stairs_head_kicks_it": ("danger", ("it",)),
         "gas_bottle_drops_it": ("self_harm", ("it",))},
    # round 44: blind danger round 25's English misses (its false alarms are a near-miss
    # gap of their own)
    44: {"kicked_head_not_getting_up_en": ("danger", ("en",)),
         "cliff_top_legs_over_en": ("self_harm", ("en",))},
    # round 45: the misses of blind danger round 26 in the ten other languages (a
    # development set now); its false alarms are near misses of the same gaps
    45: {"shed_gas_water_boot_crash_pl": ("danger", ("pl",)),
         "sea_goodbye_pl": ("self_harm", ("pl",)),
         "locked_out_crash_window_burn_held_ro": ("danger", ("ro",)),
         "crane_goodbye_ro": ("self_harm", ("ro",)),
         "crash_dog_hiding_roof_pa": ("danger", ("pa",)),
         "rat_poison_insulin_pa": ("self_harm", ("pa",)),
         "crash_gas_roof_wardrobe_car_cold_ur": ("danger", ("ur",)),
         "shed_crash_gas_water_pt": ("danger", ("pt",)),
         "sea_bag_pt": ("self_harm", ("pt",)),
         "crash_petrol_stick_es": ("danger", ("es",)),
         "bridge_goodbye_es": ("self_harm", ("es",)),
         "inlaws_gas_crash_dog_stick_ar": ("danger", ("ar",)),
         "bridge_ar": ("self_harm", ("ar",)),
         "hiding_crash_room_boot_bn": ("danger", ("bn",)),
         "pylon_pond_bn": ("self_harm", ("bn",)),
         "gas_inlaws_crash_roof_cold_gu": ("danger", ("gu",)),
         "insulin_gu": ("self_harm", ("gu",)),
         "shed_crash_cold_it": ("danger", ("it",)),
         "ferry_sea_it": ("self_harm", ("it",))},
    # round 46: blind danger round 26's English misses (its false alarms are a near-miss
    # gap of their own)
    46: {"being_forced_into_vehicle_en": ("danger", ("en",)),
         "high_place_climbing_over_en": ("self_harm", ("en",))},
    # round 47: the misses of blind danger round 27 in the ten other languages (a
    # development set now); each gap also holds its language's self-harm lines, and its
    # false alarms are near misses of the same gaps
    47: {"attic_pillow_wall_rails_pl": ("danger", ("pl",)),
         "attic_water_pills_rope_ro": ("danger", ("ro",)),
         "stairs_passport_floor_axe_tandoor_pa": ("danger", ("pa",)),
         "bleach_car_stove_wire_stick_ur": ("danger", ("ur",)),
         "object_shots_stones_pt": ("danger", ("pt",)),
         "windscreen_hob_toilet_bottle_es": ("danger", ("es",)),
         "loft_glass_hitting_oil_ar": ("danger", ("ar",)),
         "head_pillow_machete_stump_bn": ("danger", ("bn",)),
         "loft_shock_wire_bottle_gu": ("danger", ("gu",)),
         "bleach_car_kicks_railing_it": ("danger", ("it",))},
    # round 48: blind danger round 27's English misses
    48: {"tool_in_hand_jammed_against_en": ("danger", ("en",)),
         "goodbye_text_en": ("self_harm", ("en",))},
    # round 49: the misses of blind danger round 28 in the ten other languages (a
    # development set now); each gap also holds its language's self-harm lines, and its
    # false alarms are near misses of the same gaps
    49: {"cellar_drill_tape_neck_pl": ("danger", ("pl",)),
         "hot_tool_head_lithium_train_ro": ("danger", ("ro",)),
         "tape_threat_brick_chase_rope_pa": ("danger", ("pa",)),
         "locked_nose_stick_slap_car_ur": ("danger", ("ur",)),
         "hot_tool_tied_tower_pt": ("danger", ("pt",)),
         "ties_tool_platform_box_es": ("danger", ("es",)),
         "face_brick_knife_tied_pills_ar": ("danger", ("ar",)),
         "locked_knife_tied_cut_water_bn": ("danger", ("bn",)),
         "cellar_hot_glass_tied_crash_gu": ("danger", ("gu",)),
         "knee_chase_burn_tower_it": ("danger", ("it",))},
    # round 50: blind danger round 28's English lines
    50: {"tied_or_taped_up_en": ("danger", ("en",)),
         "thrown_at_head_en": ("danger", ("en",)),
         "burnt_and_heating_again_en": ("danger", ("en",)),
         "height_wont_come_down_en": ("self_harm", ("en",)),
         "poison_whole_bottle_en": ("self_harm", ("en",))},
    # round 51: the misses of blind danger round 29 in the ten other languages (a
    # development set now); each gap also holds its language's self-harm lines, and its
    # false alarms are near misses of the same gaps
    51: {"club_leash_cane_bottle_cliff_pl": ("danger", ("pl",)),
         "club_shovel_screwdriver_quarry_ro": ("danger", ("ro",)),
         "acid_curtains_stab_chase_syrup_pa": ("danger", ("pa",)),
         "acid_curtains_chain_stick_glass_ur": ("danger", ("ur",)),
         "club_chair_wall_blade_pt": ("danger", ("pt",)),
         "golf_bottle_syrup_cliff_es": ("danger", ("es",)),
         "bar_fire_belt_acid_syrup_ar": ("danger", ("ar",)),
         "rod_fire_belt_syrup_bn": ("danger", ("bn",)),
         "acid_stick_chair_fire_hill_gu": ("danger", ("gu",)),
         "club_leash_chair_syrup_it": ("danger", ("it",))},
    # round 52: blind danger round 29's English lines
    52: {"hitting_as_we_speak_en": ("danger", ("en",)),
         "sharp_held_at_eye_en": ("danger", ("en",)),
         "whole_bottle_of_medicine_en": ("self_harm", ("en",))},
    # round 53: the misses of blind danger round 30 in the ten other languages (a
    # development set now); each gap also holds its language's self-harm lines, and its
    # false alarms are near misses of the same gaps
    53: {"bag_dog_pills_window_sickle_pl": ("danger", ("pl",)),
         "window_lamp_head_wrists_ro": ("danger", ("ro",)),
         "sickle_head_roof_bridge_insulin_pa": ("danger", ("pa",)),
         "nailgun_dog_pills_sea_strips_ur": ("danger", ("ur",)),
         "bag_dog_sickle_pt": ("danger", ("pt",)),
         "bag_head_heard_bridge_insulin_es": ("danger", ("es",)),
         "bag_knife_strangle_window_cut_ar": ("danger", ("ar",)),
         "bag_dog_pills_bridge_blade_bn": ("danger", ("bn",)),
         "bag_velan_standing_sickle_sea_gu": ("danger", ("gu",)),
         "dog_pills_window_sickle_blade_it": ("danger", ("it",))},
    # round 54: blind danger round 30's English lines (the lead)
    54: {"held_out_of_window_en": ("danger", ("en",)),
         "tool_chasing_en": ("danger", ("en",))},
    # round 55: blind danger round 31's English self-harm line (the lead)
    55: {"onto_the_motorway_en": ("self_harm", ("en",))},
    # round 56: blind danger round 31's misses in the ten other languages (a helper): a
    # head pushed or held under the water
    56: {"head_under_water_ar": ("danger", ("ar",)),
         "head_under_water_ur": ("danger", ("ur",)),
         "head_under_water_pa": ("danger", ("pa",)),
         "head_under_water_bn": ("danger", ("bn",)),
         "head_under_water_gu": ("danger", ("gu",)),
         "head_under_water_es": ("danger", ("es",))},
    # round 57: blind danger round 31's misses in the ten other languages (a helper): a hot
    # iron or skewer, a pillow, cigarettes, a charger cable, a helmet
    57: {"pillow_helmet_ro": ("danger", ("ro",)),
         "pillow_charger_helmet_pt": ("danger", ("pt",)),
         "pillow_cigarettes_it": ("danger", ("it",)),
         "hot_iron_es": ("danger", ("es",)),
         "iron_cigarette_charger_ar": ("danger", ("ar",)),
         "hot_iron_charger_pa": ("danger", ("pa",)),
         "hot_skewer_ur": ("danger", ("ur",)),
         "hot_iron_pillow_bn": ("danger", ("bn",)),
         "hot_iron_helmet_gu": ("danger", ("gu",))},
    # round 58: blind danger round 32's English lines (the lead)
    58: {"end_her_en": ("danger", ("en",)),
         "hitting_her_with_en": ("danger", ("en",)),
         "at_the_water_going_in_en": ("self_harm", ("en",))},
    # round 59: blind danger round 32's misses in the ten other languages (a helper),
    # by family across languages
    59: {"stick_cue_pipe_hose_whip_lock": ("danger", ("pt", "it", "es", "ro", "gu", "pa")),
         "poison_pesticide_antifreeze_drunk": ("self_harm", ("ro", "ar", "ur", "pt", "gu")),
         "stones_thrown_at_someone": ("danger", ("pl", "es", "ar", "bn", "gu")),
         "pan_tawa_head_split": ("danger", ("pl", "bn", "gu")),
         "pushed_dragged_down_stairs": ("danger", ("pl", "ro", "ur")),
         "pregnant_belly_kicked": ("danger", ("pt", "ur"))},
}
GAPS = {
    round_: yaml.safe_load(
        (DATA / f"danger_messages_gaps_round{round_}.yml").read_text(encoding="utf-8"))["gaps"]
    for round_ in MUST_CATCH
}


def cases(kind: str) -> list:
    return [
        pytest.param(message, id=f"r{round_} {gap} {kind}: {message}")
        for round_, gaps in GAPS.items()
        for gap, fixtures in gaps.items()
        for message in fixtures.get(kind) or []
    ]


@pytest.fixture(scope="module")
def detector() -> DangerDetector:
    return default_detector()


def rules(detector: DangerDetector, text: str) -> list[str]:
    return [f"{s.language}:{s.kind}:{s.rule}" for s in detector.detect(text)]


@pytest.mark.parametrize("round_", sorted(GAPS))
def test_every_gap_has_its_fixtures_and_near_misses(round_):
    for gap, fixtures in GAPS[round_].items():
        assert len(fixtures["near_miss"]) >= 5, gap
        if gap in MUST_CATCH[round_]:
            kind, _ = MUST_CATCH[round_][gap]
            assert len(fixtures[kind]) >= 9, gap


@pytest.mark.parametrize("round_, gap", [(r, g) for r, gaps in MUST_CATCH.items() for g in gaps])
def test_each_gap_is_caught_in_each_of_its_languages(detector, round_, gap):
    kind, languages = MUST_CATCH[round_][gap]
    caught = {
        signal.language
        for message in GAPS[round_][gap][kind]
        for signal in detector.detect(message)
        if signal.kind == kind
    }
    assert set(languages) <= caught, set(languages) - caught


@pytest.mark.parametrize("message", cases("danger"))
def test_danger_is_classed_danger(detector, message):
    kind = detector.kind_of(message)
    assert kind == "danger", f"{message!r} classed {kind!r}, rules {rules(detector, message)}"


@pytest.mark.parametrize("message", cases("self_harm"))
def test_self_harm_is_classed_self_harm(detector, message):
    kind = detector.kind_of(message)
    assert kind == "self_harm", f"{message!r} classed {kind!r}, rules {rules(detector, message)}"


@pytest.mark.parametrize("message", cases("near_miss"))
def test_a_near_miss_matches_no_language(detector, message):
    assert detector.detect(message) == [], f"false alarm on {message!r}: {rules(detector, message)}"


# Rounds 13-16: gaps whose danger reply came in another language (English, Italian,
# or Urdu and Panjabi for each other); each line, with detection abstaining, must get
# its writer's language.
REPLY_LANGUAGE = {
    (13, "poison_taken_panjabi"): "pa",
    (13, "kerosene_burn_threat"): "ur",
    (13, "cant_talk_he_sits_beside_gulf"): "ar",
    (13, "pregnant_beaten_bleeding"): "bn",
    (14, "about_to_jump_ur"): "ur",
    (14, "on_the_railline_bn"): "bn",
    (14, "knife_throat_followed_gu"): "gu",
    (14, "weapon_coming_towards_pa"): "pa",
    (15, "back_locked_child_turn_pa"): "pa",
    (15, "coming_home_door_pills_ur"): "ur",
    (15, "coming_kill_in_laws_bn"): "bn",
    (15, "here_home_knife_followed_gu"): "gu",
    (15, "door_cant_talk_relatives_ar"): "ar",
    (15, "here_now_please_ro"): "ro",
    (15, "threat_hiding_relatives_pl"): "pl",
    (15, "all_pills_cabinet_es"): "es",
    (15, "followed_pregnant_kicked_pt"): "pt",
    (15, "locked_in_pregnant_kicked_it"): "it",
    (16, "mum_on_floor_kicked_pl"): "pl",
    (16, "bleeding_head_thrown_chair_ro"): "ro",
    (16, "stick_and_finish_you_pa"): "pa",
    (16, "car_followed_cant_speak_ur"): "ur",
    (16, "beating_mum_now_pt"): "pt",
    (16, "pregnant_kicked_es"): "es",
    (16, "door_kill_break_head_ar"): "ar",
    (16, "child_beaten_bleeding_gu"): "gu",
    (16, "help_cant_talk_tracks_it"): "it",
    (18, "arrives_neighbour_beside_tracks_ro"): "ro",
    (18, "car_drunk_weapon_outside_head_pa"): "pa",
    (18, "shut_in_latched_outside_ur"): "ur",
    (18, "night_threat_car_drunk_pills_pt"): "pt",
    (18, "neighbour_blows_blister_es"): "es",
    (18, "hit_blood_followed_pills_bridge_ar"): "ar",
    (18, "cant_talk_beside_bn"): "bn",
    (18, "followed_by_vehicle_gu"): "gu",
    (18, "scar_cornered_neighbour_drunk_car_it"): "it",
    (19, "child_over_balcony_tied_stove_pl"): "pl",
    (19, "boiling_water_car_screams_pier_ro"): "ro",
    (19, "hiding_finish_sticks_locked_car_pa"): "pa",
    (19, "hot_tongs_stairs_forced_gas_ur"): "ur",
    (19, "hot_iron_drowning_hair_dog_pt"): "pt",
    (19, "bury_bleach_tied_cigarette_es"): "es",
    (19, "fuel_lighter_slaughter_chase_ar"): "ar",
    (19, "child_roof_locked_lying_beside_bn"): "bn",
    (19, "terrace_belt_wall_car_boot_gu"): "gu",
    (19, "throat_slammed_followed_mouth_it"): "it",
    (21, "glass_hiding_screams_no_doctor_key_pl"): "pl",
    (21, "thrown_drunk_child_hiding_bats_ro"): "ro",
    (21, "wont_spare_stick_no_hospital_pa"): "pa",
    (21, "wire_finish_alive_refuge_gate_ur"): "ur",
    (21, "glass_locked_in_same_bus_pt"): "pt",
    (21, "sharpen_storeroom_hair_belt_chain_es"): "es",
    (21, "belt_choked_drunk_floor_ar"): "ar",
    (21, "finish_dao_cant_get_up_head_bn"): "bn",
    (21, "stairs_baby_alive_pills_gu"): "gu",
    (21, "chain_barricade_broken_nose_it"): "it",
    (23, "struck_blood_garage_engine_swallow_all_pl"): "pl",
    (23, "not_getting_up_taser_swallow_all_edge_ro"): "ro",
    (23, "hang_threat_poison_truck_pa"): "pa",
    (23, "cut_threat_forced_pills_poison_bag_ur"): "ur",
    (23, "car_at_me_not_waking_bath_appliance_pt"): "pt",
    (23, "next_is_my_head_gas_cliff_es"): "es",
    (23, "throw_from_balcony_finish_edge_ar"): "ar",
    (23, "finish_me_blood_poison_lorry_bn"): "bn",
    (23, "no_ambulance_poison_threat_socket_gu"): "gu",
    (23, "break_neck_meds_all_it"): "it",
    (25, "ligature_boiling_alive_hidden_pl"): "pl",
    (25, "pills_count_bridge_tied_dog_throat_ro"): "ro",
    (25, "blade_self_finish_hot_iron_pa"): "pa",
    (25, "window_goodbye_boot_bag_taken_ur"): "ur",
    (25, "under_water_insulin_shaking_note_jaw_pt"): "pt",
    (25, "sea_caustic_cold_gag_both_es"): "es",
    (25, "all_pills_roof_under_water_knife_chair_ar"): "ar",
    (25, "window_rope_throat_blade_bn"): "bn",
    (25, "pills_together_tied_kerosene_head_oil_gu"): "gu",
    (25, "boxes_tree_kicks_gag_knees_gas_it"): "it",
    (27, "car_fluid_barrier_pl"): "pl",
    (27, "railway_line_ro"): "ro",
    (27, "sulphas_canal_jump_pa"): "pa",
    (27, "fuel_over_myself_ur"): "ur",
    (27, "packs_swallowed_bridge_ar"): "ar",
    (27, "pesticide_river_jump_bn"): "bn",
    (27, "strips_swallowed_water_gu"): "gu",
    (27, "all_medicine_charcoal_it"): "it",
    (27, "pot_of_pills_gun_es"): "es",
    (27, "bleeding_pinned_nobody_survives_pa"): "pa",
    (27, "stick_bleeding_pushed_gu"): "gu",
    (27, "door_iron_bar_come_up_throat_bn"): "bn",
    (27, "not_moving_blade_cellar_stick_ar"): "ar",
    (27, "shock_threat_food_mixed_ur"): "ur",
    (30, "blade_end_it_today_pl"): "pl",
    (30, "pills_swallowed_under_the_bus_ro"): "ro",
    (30, "spray_drink_strip_eaten_pa"): "pa",
    (30, "wrist_cut_ur"): "ur",
    (30, "box_swallowed_ledge_pt"): "pt",
    (30, "edge_fall_all_pills_ar"): "ar",
    (30, "wont_live_pond_bn"): "bn",
    (30, "acid_run_over_pan_kick_es"): "es",
    (30, "pushed_van_bottle_wakes_tool_ro"): "ro",
    (30, "sharpened_cut_fingers_stairs_pt"): "pt",
    (30, "door_plural_throwing_bleeding_pl"): "pl",
    (30, "hair_stairs_it"): "it",
    (30, "slaughter_cleaver_neck_blue_shut_ar"): "ar",
    (30, "throat_blade_head_split_stove_bn"): "bn",
    (30, "forced_car_hiding_pa"): "pa",
    (30, "pillow_kicks_hiding_gu"): "gu",
    (30, "training_chokehold_pt"): "pt",
    (31, "boiling_water_poured_pl"): "pl",
    (31, "insulin_all_ligature_pl"): "pl",
    (31, "drainpipe_balcony_boot_ro"): "ro",
    (31, "whole_strip_of_pills_ro"): "ro",
    (31, "dragged_canal_push_edge_pa"): "pa",
    (31, "chilli_dangled_push_ur"): "ur",
    (31, "fuel_over_myself_bridge_ur"): "ur",
    (31, "broom_not_waking_cornered_pt"): "pt",
    (31, "leftover_pills_sea_pt"): "pt",
    (31, "binoculars_helmet_power_pepper_es"): "es",
    (31, "crash_the_car_es"): "es",
    (31, "iron_drag_airport_head_rock_ar"): "ar",
    (31, "want_to_die_roof_gas_ar"): "ar",
    (31, "roof_neck_cigarette_bn"): "bn",
    (31, "jump_pills_eaten_bn"): "bn",
    (31, "dragged_boot_locked_power_gu"): "gu",
    (31, "pesticide_cuts_gu"): "gu",
    (31, "pointed_punched_waking_below_it"): "it",
    (31, "blades_bottle_it"): "it",
    (33, "arm_balcony_yelling_tool_pl"): "pl",
    (33, "leash_to_beam_pl"): "pl",
    (33, "scream_silence_hatchet_ro"): "ro",
    (33, "all_pills_drive_into_tree_ro"): "ro",
    (33, "nose_car_club_garage_acid_pa"): "pa",
    (33, "canal_jump_in_panjabi_pa"): "pa",
    (33, "shock_tongs_wardrobe_grave_ur"): "ur",
    (33, "railway_line_ur"): "ur",
    (33, "high_jump_deep_cut_pt"): "pt",
    (33, "neck_iron_stick_tied_es"): "es",
    (33, "gas_windows_shut_es"): "es",
    (33, "last_night_belt_fire_knife_tied_ar"): "ar",
    (33, "rope_will_ar"): "ar",
    (33, "gas_locked_head_water_bn"): "bn",
    (33, "fan_river_bn"): "bn",
    (33, "hammer_belly_car_fire_hair_gu"): "gu",
    (33, "high_jump_gu"): "gu",
    (33, "struck_chased_tied_it"): "it",
    (33, "train_bottle_it"): "it",
    (36, "car_door_cord_prison_stairs_pl"): "pl",
    (36, "prison_tool_throat_trample_ro"): "ro",
    (36, "whole_box_no_waking_ro"): "ro",
    (36, "window_sickle_boiling_pa"): "pa",
    (36, "pushed_down_stairs_ur"): "ur",
    (36, "charcoal_shut_room_ur"): "ur",
    (36, "tooth_club_tube_stove_pt"): "pt",
    (36, "car_below_beating_alive_dragged_es"): "es",
    (36, "railing_cord_neck_es"): "es",
    (36, "car_below_slaughter_hair_chair_ar"): "ar",
    (36, "beaten_with_tool_bn"): "bn",
    (36, "lorry_highway_bn"): "bn",
    (36, "chair_head_cut_threat_gu"): "gu",
    (36, "dam_jump_poison_gu"): "gu",
    (36, "head_bashed_smashed_chased_it"): "it",
    (36, "exhaust_cutting_it"): "it",
    (37, "car_bury_voice_note_pl"): "pl",
    (37, "pills_handful_noose_chair_pl"): "pl",
    (37, "car_return_child_beating_ro"): "ro",
    (37, "blade_giving_up_ro"): "ro",
    (37, "smashed_throat_alive_voice_pa"): "pa",
    (37, "pills_roof_jump_pa"): "pa",
    (37, "car_return_axe_broke_in_ur"): "ur",
    (37, "blade_giving_up_ur"): "ur",
    (37, "car_return_head_bashed_beating_pt"): "pt",
    (37, "pills_bleach_about_to_pt"): "pt",
    (37, "car_return_shoot_threat_es"): "es",
    (37, "noose_bleach_pills_es"): "es",
    (37, "car_return_window_bleach_dragging_ar"): "ar",
    (37, "all_the_pills_about_to_ar"): "ar",
    (37, "car_return_stick_sylheti_bn"): "bn",
    (37, "fan_scarf_pills_bn"): "bn",
    (37, "car_return_smashed_iron_cut_gu"): "gu",
    (37, "poison_railway_gu"): "gu",
    (37, "car_return_head_under_water_it"): "it",
    (37, "blade_pills_bleach_it"): "it",
    (39, "gas_head_hiding_pl"): "pl",
    (39, "pills_counted_pl"): "pl",
    (39, "car_tool_boot_ro"): "ro",
    (39, "all_the_insulin_ro"): "ro",
    (39, "petrol_hot_canal_axe_pa"): "pa",
    (39, "all_pills_tonight_pa"): "pa",
    (39, "dog_force_oil_stove_window_ur"): "ur",
    (39, "into_the_water_ur"): "ur",
    (39, "alive_gas_fire_car_pt"): "pt",
    (39, "pills_railing_pt"): "pt",
    (39, "armed_strangle_crash_es"): "es",
    (39, "bag_wrists_es"): "es",
    (39, "knife_gas_slaughter_ar"): "ar",
    (39, "bridge_water_ar"): "ar",
    (39, "tool_balcony_iron_chain_bn"): "bn",
    (39, "medicine_bridge_bn"): "bn",
    (39, "drawn_bat_not_moving_gu"): "gu",
    (39, "jump_lorry_gu"): "gu",
    (39, "bat_aimed_dragged_it"): "it",
    (39, "overpass_methadone_it"): "it",
    (42, "forced_in_chest_fire_pl"): "pl",
    (42, "letter_barrier_pl"): "pl",
    (42, "letter_rope_forest_ro"): "ro",
    (42, "weapon_hiding_throat_tied_child_car_pa"): "pa",
    (42, "letter_rail_line_pa"): "pa",
    (42, "nailgun_tied_ur"): "ur",
    (42, "hook_stool_wall_ur"): "ur",
    (42, "belt_held_forced_in_pt"): "pt",
    (42, "letter_rope_parapet_pt"): "pt",
    (42, "ties_ex_drink_neck_fire_baby_es"): "es",
    (42, "pills_all_letter_es"): "es",
    (42, "searching_hammer_slaughter_ar"): "ar",
    (42, "rope_letter_ar"): "ar",
    (42, "weapon_waiting_bn"): "bn",
    (42, "rail_rope_tree_bn"): "bn",
    (42, "together_rod_head_tied_gu"): "gu",
    (42, "tracks_letter_gu"): "gu",
    (42, "tied_whip_window_held_gun_it"): "it",
    (42, "letters_tracks_it"): "it",
    (43, "waiting_weapon_pl"): "pl",
    (43, "charcoal_edge_pl"): "pl",
    (43, "after_power_blade_cane_ro"): "ro",
    (43, "garage_bottle_pills_ro"): "ro",
    (43, "came_smashing_dragged_pa"): "pa",
    (43, "cord_neck_pa"): "pa",
    (43, "smashing_car_boiling_ur"): "ur",
    (43, "pills_lorry_ur"): "ur",
    (43, "wall_bone_thrown_glass_pt"): "pt",
    (43, "wrists_cut_pt"): "pt",
    (43, "weapon_chase_bone_slam_throat_es"): "es",
    (43, "ledge_bath_es"): "es",
    (43, "lock_neck_kick_wound_ar"): "ar",
    (43, "window_roof_ar"): "ar",
    (43, "smashing_bone_throat_bn"): "bn",
    (43, "into_water_bn"): "bn",
    (43, "came_locked_cut_stick_gu"): "gu",
    (43, "water_wrist_gu"): "gu",
    (43, "window_stairs_head_kicks_it"): "it",
    (43, "gas_bottle_drops_it"): "it",
    (45, "shed_gas_water_boot_crash_pl"): "pl",
    (45, "sea_goodbye_pl"): "pl",
    (45, "locked_out_crash_window_burn_held_ro"): "ro",
    (45, "crane_goodbye_ro"): "ro",
    (45, "crash_dog_hiding_roof_pa"): "pa",
    (45, "rat_poison_insulin_pa"): "pa",
    (45, "crash_gas_roof_wardrobe_car_cold_ur"): "ur",
    (45, "shed_crash_gas_water_pt"): "pt",
    (45, "sea_bag_pt"): "pt",
    (45, "crash_petrol_stick_es"): "es",
    (45, "bridge_goodbye_es"): "es",
    (45, "inlaws_gas_crash_dog_stick_ar"): "ar",
    (45, "bridge_ar"): "ar",
    (45, "hiding_crash_room_boot_bn"): "bn",
    (45, "pylon_pond_bn"): "bn",
    (45, "gas_inlaws_crash_roof_cold_gu"): "gu",
    (45, "insulin_gu"): "gu",
    (45, "shed_crash_cold_it"): "it",
    (45, "ferry_sea_it"): "it",
    (47, "attic_pillow_wall_rails_pl"): "pl",
    (47, "attic_water_pills_rope_ro"): "ro",
    (47, "stairs_passport_floor_axe_tandoor_pa"): "pa",
    (47, "bleach_car_stove_wire_stick_ur"): "ur",
    (47, "object_shots_stones_pt"): "pt",
    (47, "windscreen_hob_toilet_bottle_es"): "es",
    (47, "loft_glass_hitting_oil_ar"): "ar",
    (47, "head_pillow_machete_stump_bn"): "bn",
    (47, "loft_shock_wire_bottle_gu"): "gu",
    (47, "bleach_car_kicks_railing_it"): "it",
    (49, "cellar_drill_tape_neck_pl"): "pl",
    (49, "hot_tool_head_lithium_train_ro"): "ro",
    (49, "tape_threat_brick_chase_rope_pa"): "pa",
    (49, "locked_nose_stick_slap_car_ur"): "ur",
    (49, "hot_tool_tied_tower_pt"): "pt",
    (49, "ties_tool_platform_box_es"): "es",
    (49, "face_brick_knife_tied_pills_ar"): "ar",
    (49, "locked_knife_tied_cut_water_bn"): "bn",
    (49, "cellar_hot_glass_tied_crash_gu"): "gu",
    (49, "knee_chase_burn_tower_it"): "it",
    (51, "club_leash_cane_bottle_cliff_pl"): "pl",
    (51, "club_shovel_screwdriver_quarry_ro"): "ro",
    (51, "acid_curtains_stab_chase_syrup_pa"): "pa",
    (51, "acid_curtains_chain_stick_glass_ur"): "ur",
    (51, "club_chair_wall_blade_pt"): "pt",
    (51, "golf_bottle_syrup_cliff_es"): "es",
    (51, "bar_fire_belt_acid_syrup_ar"): "ar",
    (51, "rod_fire_belt_syrup_bn"): "bn",
    (51, "acid_stick_chair_fire_hill_gu"): "gu",
    (51, "club_leash_chair_syrup_it"): "it",
    (53, "bag_dog_pills_window_sickle_pl"): "pl",
    (53, "window_lamp_head_wrists_ro"): "ro",
    (53, "sickle_head_roof_bridge_insulin_pa"): "pa",
    (53, "nailgun_dog_pills_sea_strips_ur"): "ur",
    (53, "bag_dog_sickle_pt"): "pt",
    (53, "bag_head_heard_bridge_insulin_es"): "es",
    (53, "bag_knife_strangle_window_cut_ar"): "ar",
    (53, "bag_dog_pills_bridge_blade_bn"): "bn",
    (53, "bag_velan_standing_sickle_sea_gu"): "gu",
    (53, "dog_pills_window_sickle_blade_it"): "it",
    (56, "head_under_water_ar"): "ar",
    (56, "head_under_water_ur"): "ur",
    (56, "head_under_water_pa"): "pa",
    (56, "head_under_water_bn"): "bn",
    (56, "head_under_water_gu"): "gu",
    (56, "head_under_water_es"): "es",
    (57, "pillow_helmet_ro"): "ro",
    (57, "pillow_charger_helmet_pt"): "pt",
    (57, "pillow_cigarettes_it"): "it",
    (57, "hot_iron_es"): "es",
    (57, "iron_cigarette_charger_ar"): "ar",
    (57, "hot_iron_charger_pa"): "pa",
    (57, "hot_skewer_ur"): "ur",
    (57, "hot_iron_pillow_bn"): "bn",
    (57, "hot_iron_helmet_gu"): "gu",
}


@pytest.mark.parametrize(
    "message, language",
    [
        pytest.param(message, language, id=f"r{round_} {gap}: {message}")
        for (round_, gap), language in REPLY_LANGUAGE.items()
        for kind in ("danger", "self_harm")
        for message in GAPS[round_][gap].get(kind) or []
    ],
)
def test_the_reply_comes_in_the_writers_language(detector, message, language):
    assert language_of_match(detector.detect(message), None) == language, rules(detector, message)


@pytest.mark.parametrize(
    "message",
    [
        "this is an emergency",
        "its an emergency",
        "he'll be back soon and he's drunk, can you help me with a plan",
        "i put a film on and he said he'll kill me",
        # `over_exclude`: the knocking exclusion must not drop "back and knocking"
        "voltou e esta batendo na porta de novo",
        "e tornato adesso e bussa alla porta",
        "s-a intors acum si bate in usa",
        # round 7: a children's game exclusion must not hide the man's own threat
        "as criancas tao brincando e ele disse que vai me matar",
        "the kids are playing and he is shouting ill kill you",
        "bachay khel rahe the aur usne kaha tujhe maar dunga",
    ],
)
def test_the_exclusions_leave_real_danger_alone(detector, message):
    assert detector.kind_of(message) == "danger", rules(detector, message)


@pytest.mark.parametrize(
    "false_alarm, threat",
    [
        ("my back is killing me", "and he said he'll kill me"),
        ("minhas costas estao me matando", "e ele disse que vai me matar"),
        ("meu filho ta na porta esperando", "e ele ta com uma faca"),
        ("vi um filme que o cara mata a mulher", "e ele disse que vai me matar"),
        ("bol plecow mnie zabija", "a on powiedzial ze mnie zabije"),
        ("baiatul meu e la usa", "si el are un cutit"),
        ("mio figlio e alla porta, aspetta", "e lui ha un coltello"),
        ("kamar nu dard to mari nakhshe", "ane e kahe che ke tane mari nakhish"),
        ("rasi 3am ye2telni", "w howa 2al hay2telni"),
        ("cortando legumes com a faca", "e ele disse que vai me matar"),
        ("this cricket match is killing me", "and he said he'll kill me"),
        ("a vizinha ta na porta com uma encomenda", "e ele ta com uma faca"),
        ("eh cricket match maar reha", "te oh kehnda tainu maar dunga"),
        ("el match da hayemawetni", "w howa 2al hay2telni"),
        ("due anni fa mi ha strangolata", "e ora e qui con un coltello"),
    ],
)
def test_an_exclusion_never_hides_a_threat_in_the_same_message(detector, false_alarm, threat):
    assert detector.detect(false_alarm) == [], rules(detector, false_alarm)
    assert detector.kind_of(f"{false_alarm} {threat}") == "danger", rules(detector, threat)


@pytest.mark.parametrize("message", cases("danger") + cases("self_harm"))
def test_no_danger_message_is_read_as_a_place(message):
    # "m3ah", "3ando", "bab" must not be taken for a postcode district or a town
    assert services_directory.locate_area(message) is None
